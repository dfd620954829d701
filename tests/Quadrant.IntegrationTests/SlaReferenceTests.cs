using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

/// <summary>
/// The whole path (API, database, clocks, attainment) against an independent reference that walks
/// every minute: random calendars in awkward time zones, random histories with pauses, priority changes
/// and stops, on SQLite and PostgreSQL.
/// </summary>
public abstract class SlaReferenceTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    // Half-hour offsets, DST at midnight or at 02:00 with a 30-minute shift, southern-hemisphere DST.
    private static readonly string[] Zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago", "Australia/Adelaide"];
    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private static readonly (int Priority, int FirstResponse, int Resolution)[] Targets = [(1, 60, 480), (2, 120, 960), (3, 240, 2400)];

    private sealed record Step(string Action, Instant At, int? Priority = null);

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(37)]
    public async Task Clocks_and_attainment_agree_with_the_minute_by_minute_reference(int seed)
    {
        // Read "now" on a whole minute so the reference can count whole minutes.
        var nowTicks = Factory.Time.GetUtcNow();
        Factory.Time.SetUtcNow(new DateTimeOffset(nowTicks.Year, nowTicks.Month, nowTicks.Day, nowTicks.Hour, nowTicks.Minute, 0, TimeSpan.Zero).AddMinutes(1));
        var now = Instant.FromDateTimeOffset(Factory.Time.GetUtcNow());

        var random = new Random(seed);
        var zone = Zones[random.Next(Zones.Length)];
        var week = new Dictionary<string, string[]>();
        var reference = new MinuteCalendar(DateTimeZoneProviders.Tzdb[zone], [], []);
        for (var d = 0; d < 7; d++)
        {
            if (random.Next(7) == 0 && week.Count > 0)
            {
                continue; // a day off
            }

            var start = random.Next(0, 12) * 60 + random.Next(2) * 30;
            var spans = new List<(int, int)> { (start, start + 60 * random.Next(2, 7)) };
            if (random.Next(2) == 0)
            {
                var second = spans[0].Item2 + 30 * random.Next(1, 4);
                spans.Add((second, Math.Min(1440, second + 60 * random.Next(1, 6))));
            }

            week[Days[d]] = spans.Select(s => $"{s.Item1 / 60:00}:{s.Item1 % 60:00}-{s.Item2 / 60:00}:{s.Item2 % 60:00}").ToArray();
            reference.Week[(IsoDayOfWeek)(d + 1)] = spans;
        }

        var holidays = Enumerable.Range(0, 3).Select(_ => new LocalDate(2026, 10, 1).PlusDays(random.Next(0, 45))).Distinct().ToList();
        reference.Holidays.UnionWith(holidays);
        var calendarResponse = await Admin.PostAsJsonAsync("/api/v1/calendars", new
        {
            name = $"Random {seed}", timeZone = zone, week,
            holidays = holidays.Select(h => new { name = "Closed", date = LocalDatePattern.Iso.Format(h) }),
        });
        Assert.Equal(HttpStatusCode.Created, calendarResponse.StatusCode);
        var calendar = (await BodyAsync(calendarResponse)).GetProperty("id").GetGuid();
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var customer = await CreateCustomerAsync("Finance");
        var terms = new
        {
            priorityTargets = Targets.Select(t => new { priority = t.Priority, firstResponseMinutes = t.FirstResponse, resolutionMinutes = t.Resolution }),
            warningThresholds = new[] { 75, 90 },
        };
        var agreement = (await CreateAgreementAsync("Random SLA", calendar, service, customer, terms)).GetProperty("id").GetGuid();
        await ApproveAsync(agreement);

        var histories = new Dictionary<Guid, (List<Step> Steps, int Priority)>();
        for (var r = 0; r < 10; r++)
        {
            var id = Guid.NewGuid();
            var at = Instant.FromUtc(2026, 10, 1, 0, 0) + Duration.FromMinutes(random.Next(0, 30 * 1440));
            var priority = random.Next(1, 4);
            var steps = new List<Step> { new("start", at, priority) };
            var paused = false;
            var firstResponded = false;
            for (var e = random.Next(0, 6); e > 0; e--)
            {
                at += Duration.FromMinutes(random.Next(1, 3000));
                var roll = random.Next(10);
                if (roll < 5)
                {
                    steps.Add(new Step(paused ? "resume" : "pause", at));
                    paused = !paused;
                }
                else if (roll < 7)
                {
                    steps.Add(new Step("retarget", at, random.Next(1, 4)));
                }
                else if (!firstResponded)
                {
                    steps.Add(new Step("respond", at));
                    firstResponded = true;
                }
            }

            if (random.Next(5) > 0)
            {
                steps.Add(new Step("stop", at + Duration.FromMinutes(random.Next(1, 3000))));
            }

            steps.RemoveAll(s => s.At > now);
            histories[id] = (steps, priority);
            foreach (var step in steps)
            {
                var instant = InstantPattern.General.Format(step.At);
                var response = step.Action == "start"
                    ? await Admin.PostAsJsonAsync("/api/v1/sla-clocks", new { recordType = "Incident", recordId = id, reference = $"R{r}", serviceId = service, customerId = customer, priority, at = instant })
                    : await Admin.PostAsJsonAsync($"/api/v1/sla-clocks/records/Incident/{id}/events", step.Action switch
                    {
                        "respond" => (object)new { action = "stop", metric = "firstResponse", at = instant },
                        "retarget" => new { action = "retarget", priority = step.Priority, at = instant },
                        "pause" => new { action = "pause", reason = "awaiting customer", at = instant },
                        _ => new { action = step.Action, at = instant },
                    });
                Assert.True(response.IsSuccessStatusCode, $"seed {seed} record {r} {step}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        // Each clock against the reference; attainment against the reference's classification.
        var expectedMeasured = new Dictionary<string, (int Measured, int Met)> { ["firstResponse"] = (0, 0), ["resolution"] = (0, 0) };
        var compared = 0;
        foreach (var (id, (steps, _)) in histories)
        {
            var clocks = await BodyAsync(await Admin.GetAsync($"/api/v1/sla-clocks/records/Incident/{id}"));
            foreach (var clock in clocks.EnumerateArray())
            {
                var metric = clock.GetProperty("metric").GetString()!;
                var (elapsed, target, stopped) = Reference(reference, steps, metric, now);
                var context = $"seed {seed} ({zone}) record {clock.GetProperty("reference").GetString()} {metric}: [{string.Join("; ", steps)}]";
                Assert.True(elapsed == clock.GetProperty("elapsedMinutes").GetDouble(), $"{context}\n elapsed: reference {elapsed}, Quadrant {clock.GetProperty("elapsedMinutes").GetDouble()}");
                Assert.True(target == clock.GetProperty("targetMinutes").GetInt32(), $"{context}\n target: reference {target}, Quadrant {clock.GetProperty("targetMinutes").GetInt32()}");
                Assert.True((elapsed > target) == clock.GetProperty("breached").GetBoolean(), $"{context}\n breached");
                compared++;
                if (elapsed > target || stopped)
                {
                    var (measured, met) = expectedMeasured[metric];
                    expectedMeasured[metric] = (measured + 1, met + (elapsed > target ? 0 : 1));
                }
            }
        }

        Assert.Equal(2 * histories.Count, compared);
        Assert.True(expectedMeasured.Values.Sum(v => v.Measured) > 0, "the scenario measured nothing");
        var end = now.InUtc().Date.With(DateAdjusters.StartOfMonth).PlusMonths(1);
        var report = await BodyAsync(await Admin.GetAsync($"/api/v1/sla/attainment?from=2026-10-01&to={LocalDatePattern.Iso.Format(end)}&groupBy=metric"));
        foreach (var row in report.GetProperty("rows").EnumerateArray())
        {
            var metric = row.GetProperty("key").GetString() == "FirstResponse" ? "firstResponse" : "resolution";
            Assert.Equal(expectedMeasured[metric], (row.GetProperty("measured").GetInt32(), row.GetProperty("met").GetInt32()));
        }

        Assert.Equal(expectedMeasured.Values.Sum(v => v.Measured), report.GetProperty("total").GetProperty("measured").GetInt32());
    }

    /// <summary>Walks each minute from the start: counted while running and working; the last target applies to the whole.</summary>
    private static (double Elapsed, int Target, bool Stopped) Reference(MinuteCalendar calendar, List<Step> steps, string metric, Instant now)
    {
        var stopAction = metric == "firstResponse" ? "respond" : "stop";
        var stop = steps.FirstOrDefault(s => s.Action == stopAction)?.At ?? steps.FirstOrDefault(s => s.Action == "stop")?.At;
        var end = stop ?? now;
        var priority = steps.Last(s => s.Priority is not null && s.At <= end).Priority!.Value;
        var target = metric == "firstResponse" ? Targets[priority - 1].FirstResponse : Targets[priority - 1].Resolution;
        var counted = 0;
        for (var t = steps[0].At; t < end; t += Duration.FromMinutes(1))
        {
            var last = steps.Last(s => s.At <= t && s.Action is "start" or "pause" or "resume");
            if (last.Action != "pause" && calendar.Working(t))
            {
                counted++;
            }
        }

        return (counted, target, stop is not null);
    }
}

public sealed class SqliteSlaReferenceTests(SqliteFactory factory) : SlaReferenceTests<SqliteFactory>(factory);

public sealed class PostgresSlaReferenceTests(PostgresFactory factory) : SlaReferenceTests<PostgresFactory>(factory);
