using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Quadrant.IntegrationTests.Infrastructure;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Imports;

namespace Quadrant.IntegrationTests;

/// <summary>
/// Imported history against the minute-by-minute reference: random (seeded) incident histories with pauses,
/// priority changes, reopenings, resolutions and cancellations, in an office calendar with holidays, are
/// imported; each incident's clocks and the attainment report must equal what the reference counts, minute
/// by minute, from the documented rules (docs/incidents.md, "What each move does to the SLA clocks").
/// </summary>
public abstract class ImportSlaReferenceTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private static readonly (int FirstResponse, int Resolution)[] Targets = [(60, 480), (120, 960), (240, 2400), (480, 4800)];
    private static readonly string[] Levels = ["high", "medium", "low"];

    private enum Clock
    {
        Running,
        Paused,
        Stopped,
    }

    /// <summary>What the reference knows of one incident: the clock events per metric, and the targets as they end.</summary>
    private sealed class Expected
    {
        public Instant Created { get; init; }

        public List<(Instant At, Clock State)> FirstResponse { get; } = [];

        public List<(Instant At, Clock State)> Resolution { get; } = [];

        public int FirstResponseTarget { get; set; }

        public int ResolutionTarget { get; set; }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(17)]
    public async Task Imported_histories_give_the_clocks_and_attainment_the_minute_by_minute_reference_gives(int seed)
    {
        var t0 = Factory.Time.GetUtcNow();
        Factory.Time.SetUtcNow(new DateTimeOffset(t0.Year, t0.Month, t0.Day, t0.Hour, t0.Minute, 0, TimeSpan.Zero).AddMinutes(1));
        var now = Instant.FromDateTimeOffset(Factory.Time.GetUtcNow());

        // Office hours in Berlin, with holidays inside the imported period.
        var office = new[] { "09:00-12:30", "13:30-17:00" };
        var holidays = new[] { new LocalDate(2026, 10, 14), new LocalDate(2026, 10, 26), new LocalDate(2026, 11, 2) };
        var week = new Dictionary<string, string[]> { ["monday"] = office, ["tuesday"] = office, ["wednesday"] = office, ["thursday"] = office, ["friday"] = office };
        var calendarResponse = await Admin.PostAsJsonAsync("/api/v1/calendars", new
        {
            name = "Office", timeZone = "Europe/Berlin", week, holidays = holidays.Select(h => new { name = "Closed", date = LocalDatePattern.Iso.Format(h) }),
        });
        Assert.Equal(HttpStatusCode.Created, calendarResponse.StatusCode);
        var reference = new MinuteCalendar(DateTimeZoneProviders.Tzdb["Europe/Berlin"],
            Enumerable.Range(1, 5).ToDictionary(d => (IsoDayOfWeek)d, _ => new List<(int, int)> { (540, 750), (810, 1020) }), [.. holidays]);
        var calendar = (await BodyAsync(calendarResponse)).GetProperty("id").GetGuid();
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var customer = await CreateCustomerAsync("Finance");
        var terms = new
        {
            priorityTargets = Targets.Select((t, i) => new { priority = i + 1, firstResponseMinutes = t.FirstResponse, resolutionMinutes = t.Resolution }),
            warningThresholds = new[] { 75, 90 },
        };
        await ApproveAsync((await CreateAgreementAsync("Office SLA", calendar, service, customer, terms)).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/v1/assignment-groups", new { name = "Service Desk", description = "First line" })).StatusCode);

        // Random histories through the lifecycle, and what the documented rules make of them.
        var random = new Random(seed);
        var expected = new Dictionary<string, Expected>();
        var lines = new List<string>();
        for (var n = 0; n < 30; n++)
        {
            var id = $"S{seed}-{n}";
            var at = Instant.FromUtc(2026, 10, 1, 0, 0) + Duration.FromMinutes(random.Next(0, 45 * 1440));
            var impact = random.Next(3);
            var urgency = random.Next(3);
            var (initialImpact, initialUrgency) = (impact, urgency);
            var priority = PriorityMatrix.Default.PriorityOf((Impact)(impact + 1), (Urgency)(urgency + 1));
            var e = new Expected { Created = at, FirstResponseTarget = Targets[priority - 1].FirstResponse, ResolutionTarget = Targets[priority - 1].Resolution };
            e.FirstResponse.Add((at, Clock.Running));
            e.Resolution.Add((at, Clock.Running));
            var status = IncidentStatus.New;
            var history = new List<object>();
            for (var steps = random.Next(0, 9); steps > 0; steps--)
            {
                at += Duration.FromMinutes(random.Next(1, 2500));
                if (at >= now || status is IncidentStatus.Closed or IncidentStatus.Cancelled)
                {
                    break;
                }

                if (random.Next(5) == 0)
                {
                    // An edit of impact and urgency: open clocks take the new priority's target.
                    impact = random.Next(3);
                    urgency = random.Next(3);
                    priority = PriorityMatrix.Default.PriorityOf((Impact)(impact + 1), (Urgency)(urgency + 1));
                    history.Add(new { at = Iso(at), impact = Levels[impact], urgency = Levels[urgency] });
                    if (Last(e.FirstResponse) != Clock.Stopped || Last(e.Resolution) != Clock.Stopped)
                    {
                        if (Last(e.FirstResponse) != Clock.Stopped)
                        {
                            e.FirstResponseTarget = Targets[priority - 1].FirstResponse;
                        }

                        if (Last(e.Resolution) != Clock.Stopped)
                        {
                            e.ResolutionTarget = Targets[priority - 1].Resolution;
                        }
                    }

                    continue;
                }

                var allowed = Incident.Allowed[status].Where(s => s != IncidentStatus.Closed || random.Next(3) == 0).ToList();
                var to = allowed[random.Next(allowed.Count)];
                history.Add(to switch
                {
                    IncidentStatus.Pending => new { at = Iso(at), status = "pending", pendingReason = "awaitingCustomer" },
                    IncidentStatus.Resolved => (object)new { at = Iso(at), status = "resolved", resolutionCode = "fixed", resolutionNotes = "Done" },
                    _ => new { at = Iso(at), status = Incident.Describe(to) },
                });
                Move(e, status, to, at);
                status = to;
            }

            expected[id] = e;
            lines.Add(JsonSerializer.Serialize(new
            {
                externalId = id, title = $"Incident {id}", service = "Mail", customer = "Finance", impact = Levels[initialImpact], urgency = Levels[initialUrgency],
                group = "Service Desk", createdAt = Iso(e.Created), history,
            }));
        }

        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))), "file", "history.jsonl" },
            { new StringContent("legacy"), "source" },
            { new StringContent("7"), "batchSize" },
        };
        var upload = await Admin.PostAsync("/api/v1/imports", form);
        Assert.True(upload.StatusCode == HttpStatusCode.Accepted, await upload.Content.ReadAsStringAsync());
        var importId = (await BodyAsync(upload)).GetProperty("id").GetGuid();
        await Factory.Services.GetRequiredService<ImportWorker>().RunNowAsync(CancellationToken.None);
        var import = await BodyAsync(await Admin.GetAsync($"/api/v1/imports/{importId}"));
        var rejections = await Admin.GetStringAsync($"/api/v1/imports/{importId}/rejections");
        Assert.True(import.GetProperty("importedRows").GetInt32() == expected.Count, $"seed {seed}: {import}\n{rejections}");
        var records = (await BodyAsync(await Admin.GetAsync($"/api/v1/imports/{importId}/records?limit=200"))).GetProperty("items").EnumerateArray()
            .ToDictionary(r => r.GetProperty("externalId").GetString()!, r => r.GetProperty("recordId").GetGuid());

        // Each clock as the reference counts it, minute by minute.
        var measured = new Dictionary<string, (int Measured, int Met)> { ["firstResponse"] = (0, 0), ["resolution"] = (0, 0) };
        var breaches = 0;
        foreach (var (id, e) in expected)
        {
            var clocks = await BodyAsync(await Admin.GetAsync($"/api/v1/sla-clocks/records/Incident/{records[id]}"));
            Assert.Equal(2, clocks.GetArrayLength());
            foreach (var clock in clocks.EnumerateArray())
            {
                var metric = clock.GetProperty("metric").GetString()!;
                var events = metric == "firstResponse" ? e.FirstResponse : e.Resolution;
                var target = metric == "firstResponse" ? e.FirstResponseTarget : e.ResolutionTarget;
                var elapsed = reference.Count(e.Created, now, t => events.Last(x => x.At <= t).State == Clock.Running);
                var stopped = Last(events) == Clock.Stopped;
                var context = $"seed {seed} {id} {metric}: [{string.Join("; ", events)}] target {target}";
                Assert.True(elapsed == clock.GetProperty("elapsedMinutes").GetDouble(), $"{context}\n elapsed: reference {elapsed}, Quadrant {clock.GetProperty("elapsedMinutes").GetDouble()}");
                Assert.True(target == clock.GetProperty("targetMinutes").GetInt32(), $"{context}\n target: Quadrant {clock.GetProperty("targetMinutes").GetInt32()}");
                Assert.True((elapsed > target) == clock.GetProperty("breached").GetBoolean(), $"{context}\n breached");
                Assert.Equal(stopped ? "Stopped" : Last(events) == Clock.Paused ? "Paused" : "Running", clock.GetProperty("status").GetString());
                breaches += elapsed > target ? 1 : 0;
                if (elapsed > target || stopped)
                {
                    var (m, met) = measured[metric];
                    measured[metric] = (m + 1, met + (elapsed > target ? 0 : 1));
                }
            }
        }

        Assert.True(breaches > 0 && breaches < 2 * expected.Count, $"seed {seed}: {breaches} breaches; the scenario should have some of each");

        // The attainment report for the imported period.
        var end = now.InUtc().Date.With(DateAdjusters.StartOfMonth).PlusMonths(1);
        var report = await BodyAsync(await Admin.GetAsync($"/api/v1/sla/attainment?from=2026-10-01&to={LocalDatePattern.Iso.Format(end)}&groupBy=metric"));
        foreach (var row in report.GetProperty("rows").EnumerateArray())
        {
            var metric = row.GetProperty("key").GetString() == "FirstResponse" ? "firstResponse" : "resolution";
            Assert.Equal(measured[metric], (row.GetProperty("measured").GetInt32(), row.GetProperty("met").GetInt32()));
        }

        Assert.Equal(measured.Values.Sum(v => v.Measured), report.GetProperty("total").GetProperty("measured").GetInt32());
    }

    private static string Iso(Instant at) => InstantPattern.General.Format(at);

    private static Clock Last(List<(Instant At, Clock State)> events) => events[^1].State;

    /// <summary>The documented clock rules of a move, from the state before it.</summary>
    private static void Move(Expected e, IncidentStatus from, IncidentStatus to, Instant at)
    {
        var fr = Last(e.FirstResponse);
        var anyPaused = fr == Clock.Paused || Last(e.Resolution) == Clock.Paused;
        var anyRunning = fr == Clock.Running || Last(e.Resolution) == Clock.Running;
        var resolutionStopped = Last(e.Resolution) == Clock.Stopped;
        if (to is IncidentStatus.InProgress or IncidentStatus.Resolved && from != IncidentStatus.Resolved && fr == Clock.Running)
        {
            e.FirstResponse.Add((at, Clock.Stopped));
        }

        if (from == IncidentStatus.Pending && to != IncidentStatus.Pending && anyPaused)
        {
            foreach (var list in new[] { e.FirstResponse, e.Resolution }.Where(l => Last(l) == Clock.Paused))
            {
                list.Add((at, Clock.Running));
            }
        }

        if (to == IncidentStatus.Pending && anyRunning)
        {
            foreach (var list in new[] { e.FirstResponse, e.Resolution }.Where(l => Last(l) == Clock.Running))
            {
                list.Add((at, Clock.Paused));
            }
        }

        if (to is IncidentStatus.Resolved or IncidentStatus.Cancelled)
        {
            foreach (var list in new[] { e.FirstResponse, e.Resolution }.Where(l => Last(l) != Clock.Stopped))
            {
                list.Add((at, Clock.Stopped));
            }
        }

        if (from == IncidentStatus.Resolved && to == IncidentStatus.InProgress && resolutionStopped)
        {
            e.Resolution.Add((at, Clock.Running));
        }
    }
}

public sealed class SqliteImportSlaReferenceTests(SqliteFactory factory) : ImportSlaReferenceTests<SqliteFactory>(factory);

public sealed class PostgresImportSlaReferenceTests(PostgresFactory factory) : ImportSlaReferenceTests<PostgresFactory>(factory);
