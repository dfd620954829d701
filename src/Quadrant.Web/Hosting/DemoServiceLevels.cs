using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Web.Hosting;

internal static partial class DemoData
{
    /// <summary>
    /// Two calendars, two approved SLAs and a draft OLA, and about 150 measured records over the last
    /// 90 days (incidents worked, paused while awaiting the customer, resolved and closed; a few still open), so the clock
    /// pages, notifications and the attainment dashboard show something real.
    /// </summary>
    private static async Task SeedServiceLevelsAsync(IServiceProvider sp, QuadrantDbContext db, Guid owner, Guid approver, Guid requester, Guid agent, DateTime now, CancellationToken ct)
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

        var desk = AssignmentGroup.Create("Service desk", "First line: takes every call, mail and portal ticket.", "servicedesk@example.org", owner, [agent], now);
        var messaging = AssignmentGroup.Create("Messaging team", "Mail, calendars and collaboration.", null, owner, [agent], now);
        var web = AssignmentGroup.Create("Web team", "The customer web shop and its integrations.", null, owner, [agent], now);
        var network = AssignmentGroup.Create("Network team", "LAN, WAN, VPN and firewalls.", null, owner, [], now);
        db.AddRange(desk, messaging, web, network);
        await db.SaveChangesAsync(ct);

        var clocks = sp.GetRequiredService<ISlaClocks>();
        var random = new Random(2026);
        var arrivals = Enumerable.Range(0, 150).Select(_ =>
        {
            var onShop = random.Next(3) == 0;
            var start = now.AddMinutes(-random.Next(30, 90 * 1440));
            // Mail incidents arrive in office hours mostly.
            return (OnShop: onShop, Start: onShop ? start : start.Date.AddHours(7 + random.Next(0, 10)).AddMinutes(random.Next(60)));
        }).Where(a => a.Start < now).OrderBy(a => a.Start).ToList();
        var titles = new[] { "Cannot open shared mailbox", "Calendar invitations not arriving", "Checkout page times out", "Payment confirmation missing",
            "Outlook keeps asking for the password", "Product images not loading", "Mail to external partner bounces", "Basket empties itself" };
        var number = 0;
        foreach (var (onShop, start) in arrivals)
        {
            var (priority, impact, urgency) = random.Next(100) switch
            {
                < 5 => (1, Impact.High, Urgency.High),
                < 25 => (2, Impact.High, Urgency.Medium),
                < 75 => (3, Impact.Medium, Urgency.Medium),
                _ => (4, Impact.Low, Urgency.Low),
            };
            var incident = Incident.Create(++number, titles[random.Next(titles.Length)] + (onShop ? " (web shop)" : ""), "Reported by phone.",
                onShop ? shop.Id : mail.Id, onShop ? retail.Id : finance.Id, requester, onShop ? "Web shop" : "E-mail", impact, urgency, PriorityMatrix.Default,
                onShop ? web.Id : messaging.Id, agent, IncidentSource.Agent, start);
            db.Add(incident);
            IncidentHistory.Created(db, incident, agent, start);
            await db.SaveChangesAsync(ct);
            var id = incident.Id;
            var subject = new ClockSubject("Incident", id, incident.Reference, incident.ServiceId, incident.CustomerId, priority, agent);
            await clocks.StartAsync(subject, start, null, ct);

            var target = (onShop ? shopTerms : mailTerms).TargetMinutes(priority, ClockMetric.Resolution)!.Value;
            var at = start.AddMinutes(1 + random.Next(0, onShop ? 40 : 90));
            if (at >= now)
            {
                continue;
            }

            await Move(incident, IncidentStatus.InProgress, at);
            await clocks.StopAsync("Incident", id, ClockMetric.FirstResponse, at, ct);
            if (random.Next(10) < 3 && at.AddMinutes(30) < now)
            {
                at = at.AddMinutes(30);
                await Move(incident, IncidentStatus.Pending, at);
                await clocks.PauseAsync("Incident", id, "awaiting customer", at, ct);
                at = at.AddMinutes(random.Next(60, 3 * 1440));
                if (at >= now)
                {
                    continue;
                }

                await Move(incident, IncidentStatus.InProgress, at);
                await clocks.ResumeAsync("Incident", id, at, ct);
            }

            // Most are resolved well inside the target; some take (much) longer on the wall clock.
            var resolved = at.AddMinutes(random.Next(10, target * (random.Next(5) == 0 ? 6 : 2)));
            if (resolved < now && random.Next(20) > 0)
            {
                await Move(incident, IncidentStatus.Resolved, resolved);
                await clocks.StopAsync("Incident", id, null, resolved, ct);
                if (resolved.AddDays(3) < now)
                {
                    await Move(incident, IncidentStatus.Closed, resolved.AddDays(3));
                }
            }
        }

        async Task Move(Incident incident, IncidentStatus to, DateTime at)
        {
            var before = IncidentState.Of(incident);
            incident.MoveTo(to, PendingReason.AwaitingCustomer, "Fixed", "Solved on the phone with the user.", TimeSpan.FromDays(7), at);
            IncidentHistory.Changed(db, incident, before, agent, at, null);
            await db.SaveChangesAsync(ct);
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
