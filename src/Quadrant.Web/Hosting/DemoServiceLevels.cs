using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Web.Hosting;

internal static partial class DemoData
{
    /// <summary>
    /// Two calendars, two approved SLAs and a draft OLA, and about 150 measured records over the last
    /// 90 days (started, paused while awaiting the customer, resolved; a few still open), so the clock
    /// pages, notifications and the attainment dashboard show something real.
    /// </summary>
    private static async Task SeedServiceLevelsAsync(IServiceProvider sp, QuadrantDbContext db, Guid owner, Guid approver, DateTime now, CancellationToken ct)
    {
        var week = (string[] hours, bool weekends) => new Dictionary<string, IReadOnlyList<string>>
        {
            ["monday"] = hours, ["tuesday"] = hours, ["wednesday"] = hours, ["thursday"] = hours, ["friday"] = hours,
            ["saturday"] = weekends ? hours : [], ["sunday"] = weekends ? hours : [],
        };
        var office = BusinessCalendar.Create("Berlin office hours", "Monday to Friday, 08:00-18:00 in Berlin, public holidays off.",
            new CalendarRules("Europe/Berlin", week(["08:00-18:00"], false),
                [new Holiday("New Year", null, "01-01"), new Holiday("Labour Day", null, "05-01"), new Holiday("German Unity Day", null, "10-03"),
                 new Holiday("Christmas Day", null, "12-25"), new Holiday("Boxing Day", null, "12-26")], []), now);
        var always = BusinessCalendar.Create("Around the clock", "Every minute of every day (UTC).", new CalendarRules("UTC", week(["00:00-24:00"], true), [], []), now);
        db.AddRange(office, always);

        var services = await db.Set<Service>().ToDictionaryAsync(s => s.Name, ct);
        var customers = await db.Set<Customer>().ToDictionaryAsync(c => c.Name, ct);
        var mail = services["E-mail and calendaring"];
        var shop = services["Customer web shop"];
        var finance = customers["Finance department"];
        var retail = customers["Northwind Retail GmbH"];

        var mailTerms = new AgreementTerms(
            [new PriorityTarget(1, 30, 240), new PriorityTarget(2, 60, 480), new PriorityTarget(3, 240, 1440), new PriorityTarget(4, 480, 2880)],
            [new AvailabilityTarget(mail.Id, 99.9m)],
            [new WorkloadLimit(WorkloadMeasure.Requests, 400, LimitPeriod.Month, "Above this, requests are handled as best effort.")],
            ["Planned maintenance announced five working days ahead is not downtime.", "Mailboxes over quota are not covered by the resolution targets."],
            [75, 90]);
        var shopTerms = new AgreementTerms(
            [new PriorityTarget(1, 15, 120), new PriorityTarget(2, 30, 240), new PriorityTarget(3, 120, 960), new PriorityTarget(4, 240, 2880)],
            [new AvailabilityTarget(shop.Id, 99.95m)], [], ["Outages of the payment provider are excluded."], [50, 75, 90]);
        var year = DateOnly.FromDateTime(now).AddDays(-200);
        AddAgreement(db, new AgreementSnapshot("E-mail SLA - Finance", AgreementKind.Sla, "", office.Id, year, null, DateOnly.FromDateTime(now).AddDays(20),
            owner, [mail.Id], [finance.Id], mailTerms, "# E-mail service level agreement\n\nBetween IT and the Finance department.\n"), [mail], [finance], approver, now);
        AddAgreement(db, new AgreementSnapshot("Web shop SLA - Northwind Retail", AgreementKind.Sla, "", always.Id, year, null, DateOnly.FromDateTime(now).AddDays(120),
            owner, [shop.Id], [retail.Id], shopTerms, "# Web shop service level agreement\n\nAround the clock, for Northwind Retail.\n"), [shop], [retail], approver, now);
        AddAgreement(db, new AgreementSnapshot("Network team OLA", AgreementKind.Ola, "Network team", office.Id, DateOnly.FromDateTime(now), null, null,
            owner, [mail.Id, shop.Id], [], new AgreementTerms([new PriorityTarget(1, 15, 120), new PriorityTarget(2, 30, 240)], [], [], [], [75, 90]),
            "Draft: the network team's commitments behind the e-mail and web shop SLAs."), [mail, shop], [], null, now);
        await db.SaveChangesAsync(ct);

        var clocks = sp.GetRequiredService<ISlaClocks>();
        var random = new Random(2026);
        for (var i = 1; i <= 150; i++)
        {
            var onShop = random.Next(3) == 0;
            var priority = random.Next(100) switch { < 5 => 1, < 25 => 2, < 75 => 3, _ => 4 };
            var start = now.AddMinutes(-random.Next(30, 90 * 1440));
            if (!onShop)
            {
                // Mail incidents arrive in office hours mostly.
                start = start.Date.AddHours(7 + random.Next(0, 10)).AddMinutes(random.Next(60));
            }

            var id = Guid.CreateVersion7(start);
            var subject = new ClockSubject("Incident", id, $"INC-{i:000000}", onShop ? shop.Id : mail.Id, onShop ? retail.Id : finance.Id, priority);
            if (start >= now || (await clocks.StartAsync(subject, start, null, ct)).Count == 0)
            {
                continue;
            }

            var target = (onShop ? shopTerms : mailTerms).TargetMinutes(priority, ClockMetric.Resolution)!.Value;
            var at = start.AddMinutes(1 + random.Next(0, onShop ? 40 : 90));
            if (at < now)
            {
                await clocks.StopAsync("Incident", id, ClockMetric.FirstResponse, at, ct);
            }

            if (random.Next(10) < 3 && at.AddMinutes(30) < now)
            {
                at = at.AddMinutes(30);
                await clocks.PauseAsync("Incident", id, "awaiting customer", at, ct);
                at = at.AddMinutes(random.Next(60, 3 * 1440));
                if (at >= now)
                {
                    continue;
                }

                await clocks.ResumeAsync("Incident", id, at, ct);
            }

            // Most are resolved well inside the target; some take (much) longer on the wall clock.
            var resolved = at.AddMinutes(random.Next(10, target * (random.Next(5) == 0 ? 6 : 2)));
            if (resolved < now && random.Next(20) > 0)
            {
                await clocks.StopAsync("Incident", id, null, resolved, ct);
            }
        }
    }

    private static Agreement AddAgreement(QuadrantDbContext db, AgreementSnapshot content, IEnumerable<Service> services, IEnumerable<Customer> customers, Guid? approver, DateTime now)
    {
        var agreement = Agreement.Create(content, content.OwnerId, now);
        db.Add(agreement);
        db.AddRange(services.Select(s => AgreementService.Create(agreement.Id, s.Id, s.Name)));
        db.AddRange(customers.Select(c => AgreementCustomer.Create(agreement.Id, c.Id, c.Name)));
        if (approver is { } by)
        {
            db.Add(agreement.Approve(content, "First version agreed with the customer.", by, "Mona SMS-Manager", now));
        }

        return agreement;
    }
}
