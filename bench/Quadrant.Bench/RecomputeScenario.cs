using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Quadrant.Modules.Catalogue;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Catalogue.Sla;
using Quadrant.Modules.Common;
using Quadrant.Modules.Common.Persistence;

/// <summary>
/// recompute: N open clocks in a real SQLite file (WAL), then a calendar edit, then the persisted
/// recomputation job run to completion, as a node would. Reports clocks per second and the projected
/// time for 1,000,000 clocks.
/// </summary>
internal static class RecomputeScenario
{
    public static async Task RunAsync(List<Figure> figures, int records, string commit)
    {
        var directory = Path.Combine(Path.GetTempPath(), "quadrant-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            services.AddMetrics();
            services.AddDbContext<QuadrantDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(directory, "bench.db")}",
                s => s.MigrationsAssembly("Quadrant.Migrations.Sqlite")));
            services.AddCommon();
            services.AddCatalogue();
            await using var provider = services.BuildServiceProvider();
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            var (calendarId, seedSeconds) = await SeedAsync(provider, records);
            figures.Add(new Figure("recompute", "seed_open_clocks_per_second", records / seedSeconds, "clocks/s", commit, null) { Records = records, Provider = "sqlite" });

            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
                var calendar = await db.Set<BusinessCalendar>().FirstAsync(c => c.Id == calendarId);
                var rules = calendar.Rules();
                // The worst case: the working hours change, so every open clock's due instant moves.
                var hours = (IReadOnlyList<string>)["08:30-12:00", "13:00-17:00"];
                calendar.Update(calendar.Name, calendar.Description, rules with { Week = rules.Week.ToDictionary(d => d.Key, d => d.Value.Count == 0 ? d.Value : hours) },
                    TimeProvider.System.GetUtcNow().UtcDateTime);
                db.Add(ClockRecomputation.ForCalendar(calendarId, "bench", null, TimeProvider.System.GetUtcNow().UtcDateTime));
                await db.SaveChangesAsync();
            }

            var job = provider.GetRequiredService<ClockRecomputeJob>();
            var watch = Stopwatch.StartNew();
            var processed = await job.RunNowAsync(CancellationToken.None);
            var seconds = watch.Elapsed.TotalSeconds;
            await using (var scope = provider.CreateAsyncScope())
            {
                var run = await scope.ServiceProvider.GetRequiredService<QuadrantDbContext>().Set<ClockRecomputation>().SingleAsync();
                figures.Add(new Figure("recompute", "clocks_whose_due_changed", run.Changed, "clocks", commit, null) { Records = records, Provider = "sqlite" });
                if (processed != records || run.Status != RecomputationStatus.Completed || run.Changed < records / 2)
                {
                    throw new InvalidOperationException($"The recomputation processed {processed} clocks and changed {run.Changed}, not {records}.");
                }
            }

            figures.Add(new Figure("recompute", "recomputed_clocks_per_second", records / seconds, "clocks/s", commit, null) { Records = records, Provider = "sqlite" });
            figures.Add(new Figure("recompute", "projected_seconds_to_recompute_1000000_clocks", 1_000_000 / (records / seconds), "s", commit, "<= 10") { Records = records, Provider = "sqlite" });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(Guid Calendar, double Seconds)> SeedAsync(IServiceProvider provider, int records)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        Guid calendarId;
        AgreementSnapshot content;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
            var hours = (IReadOnlyList<string>)["08:00-12:00", "13:00-17:00"];
            var calendar = BusinessCalendar.Create("Office", "", new CalendarRules("Europe/Berlin",
                new Dictionary<string, IReadOnlyList<string>> { ["monday"] = hours, ["tuesday"] = hours, ["wednesday"] = hours, ["thursday"] = hours, ["friday"] = hours },
                [new Holiday("Christmas", null, "12-25")], []), now);
            db.Add(calendar);
            calendarId = calendar.Id;
            content = new AgreementSnapshot("Bench SLA", AgreementKind.Sla, "", calendar.Id, DateOnly.FromDateTime(now).AddYears(-1), null, null, null, [], [],
                new AgreementTerms([new PriorityTarget(1, 30, 240), new PriorityTarget(2, 60, 480), new PriorityTarget(3, 240, 1440), new PriorityTarget(4, 480, 2880)], [], [], [], [75, 90]), "");
            var agreement = Agreement.Create(content, null, now);
            db.Add(agreement);
            db.Add(agreement.Approve(content, "bench", Guid.NewGuid(), "bench", now));
            await db.SaveChangesAsync();
            var watch = Stopwatch.StartNew();
            var schedule = calendar.Schedule();
            var random = new Random(42);
            for (var i = 0; i < records; i++)
            {
                var priority = random.Next(1, 5);
                var start = now.AddMinutes(-random.Next(1, 5 * 1440));
                var subject = new ClockSubject("Incident", Guid.NewGuid(), $"INC-{i}", Guid.NewGuid(), null, priority);
                var target = content.Terms.TargetMinutes(priority, ClockMetric.Resolution)!.Value;
                var clock = ClockRecord.Start(subject, ClockMetric.Resolution, agreement.Id, 1, calendar.Id, [75, 90], target, start);
                var started = clock.Append(ClockEventKind.Started, start, target, "bench", null, now);
                clock.Refresh(schedule, [started.ToEvent()], new HashSet<int>(), now);
                db.Add(clock);
                db.Add(started);
                if (i % 5000 == 4999)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                }
            }

            await db.SaveChangesAsync();
            return (calendarId, watch.Elapsed.TotalSeconds);
        }
    }
}
