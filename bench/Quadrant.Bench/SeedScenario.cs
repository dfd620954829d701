using Quadrant.Modules.Mail;
using Quadrant.Modules.Search;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Quadrant.Modules.Access;
using Quadrant.Modules.Catalogue;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Common;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.ServiceDesk;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Imports;

/// <summary>
/// seed: N historical incidents with realistic shapes (services and customers skewed, priorities mostly
/// 3 and 4, most resolved and closed after work and a wait or two, some reopened, some re-prioritized,
/// some still open, 0–3 comments), written as a JSON lines file and loaded through Quadrant's own import
/// path (an import job run by the import worker, batches of 500, clocks replayed) into a fresh SQLite file.
/// </summary>
internal static class SeedScenario
{
    private static readonly string[] Levels = ["high", "medium", "low"];

    public static async Task RunAsync(List<Figure> figures, int records, string commit)
    {
        var directory = Path.Combine(Path.GetTempPath(), "quadrant-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var services = new ServiceCollection();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Quadrant:Bootstrap:AdminEmail"] = "admin@bench.local",
                ["Quadrant:Bootstrap:AdminPassword"] = "Bench-Passw0rd-123",
            }).Build();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            services.AddMetrics();
            services.AddDbContext<QuadrantDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(directory, "bench.db")}",
                s => s.MigrationsAssembly("Quadrant.Migrations.Sqlite")));
            services.AddCommon();
            services.AddAccess();
            services.AddCatalogue();
            services.AddServiceDesk();
            services.AddMail(configuration);
            services.AddSearch();
            await using var provider = services.BuildServiceProvider();
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
                await db.Database.MigrateAsync();
                await Quadrant.Modules.Search.SearchModule.PrepareAsync(scope.ServiceProvider, CancellationToken.None); // the FTS5 table and its triggers, as at start-up
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            await AccessBootstrap.RunAsync(provider, "http://localhost", CancellationToken.None);
            var (file, admin) = await PrepareAsync(provider, records);

            Guid importId;
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
                var job = ImportJob.Queue("incidents", ImportFormat.JsonLines, "seed.jsonl", null, "bench", false, true, "UTC", 500, admin, "admin@bench.local",
                    TimeProvider.System.GetUtcNow().UtcDateTime);
                db.Add(job);
                db.Add(ImportFile.Create(job.Id, file, null));
                await db.SaveChangesAsync();
                importId = job.Id;
            }

            var worker = provider.GetRequiredService<ImportWorker>();
            var watch = Stopwatch.StartNew();
            await worker.RunNowAsync(CancellationToken.None);
            var seconds = watch.Elapsed.TotalSeconds;
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
                var job = await db.Set<ImportJob>().SingleAsync(j => j.Id == importId);
                var clocks = await db.Set<ClockRecord>().CountAsync();
                if (job.Status != ImportStatus.Succeeded || job.ImportedRows != records)
                {
                    var first = await db.Set<ImportRejection>().Where(r => r.ImportId == importId).OrderBy(r => r.Line).Take(3).ToListAsync();
                    throw new InvalidOperationException($"The seed import ended {job.Status} with {job.ImportedRows} of {records} rows: {job.Error} "
                        + string.Join("; ", first.Select(r => $"line {r.Line} {r.Field}: {r.Reason}")));
                }

                figures.Add(new Figure("seed", "rows_per_s", records / seconds, "rows/s", commit, null) { Records = records, Provider = "sqlite" });
                figures.Add(new Figure("seed", "seconds", seconds, "s", commit, null) { Records = records, Provider = "sqlite" });
                figures.Add(new Figure("seed", "clocks_written", clocks, "clocks", commit, null) { Records = records, Provider = "sqlite" });
                figures.Add(new Figure("seed", "file_megabytes", file.Length / 1048576.0, "MiB", commit, null) { Records = records, Provider = "sqlite" });
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The catalogue, an office SLA, groups and agents, and the JSON lines file of N incidents.</summary>
    private static async Task<(byte[] File, Guid Admin)> PrepareAsync(IServiceProvider provider, int records)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<QuadrantUser>>();
        var admin = (await users.FindByEmailAsync("admin@bench.local"))!.Id;
        scope.ServiceProvider.GetRequiredService<ActorContext>().SetUser(admin, "admin@bench.local");

        var hours = (IReadOnlyList<string>)["08:00-12:00", "13:00-17:00"];
        var calendar = BusinessCalendar.Create("Office", "", new CalendarRules("Europe/Berlin",
            new Dictionary<string, IReadOnlyList<string>> { ["monday"] = hours, ["tuesday"] = hours, ["wednesday"] = hours, ["thursday"] = hours, ["friday"] = hours },
            [new Holiday("Christmas", null, "12-25"), new Holiday("New year", null, "01-01")], []), now);
        db.Add(calendar);
        var serviceNames = new[] { "Mail", "ERP", "VPN", "Telephony", "Web shop", "HR portal", "File shares", "Printing", "Wi-Fi", "CRM" };
        var catalogue = serviceNames.Select(n => Service.Create(n, $"{n} service", null, ServiceCriticality.High, ServiceLifecycle.Live, now)).ToList();
        db.AddRange(catalogue);
        var customerNames = new[] { "Finance", "Sales", "Operations", "Legal", "Research" };
        db.AddRange(customerNames.Select(n => Customer.Create(n, CustomerKind.Internal, "", null, [], now)));
        var content = new AgreementSnapshot("Office SLA", AgreementKind.Sla, "", calendar.Id, DateOnly.FromDateTime(now).AddYears(-3), null, null, null,
            catalogue.Select(s => s.Id).ToList(), [],
            new AgreementTerms([new PriorityTarget(1, 30, 240), new PriorityTarget(2, 60, 480), new PriorityTarget(3, 240, 1440), new PriorityTarget(4, 480, 2880)], [], [], [], [75, 90]), "");
        var agreement = Agreement.Create(content, null, now);
        db.Add(agreement);
        db.Add(agreement.Approve(content, "bench", admin, "bench", now));

        var agents = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var email = $"agent{i}@bench.local";
            var user = new QuadrantUser { Id = Guid.CreateVersion7(now), Email = email, UserName = email, DisplayName = $"Agent {i}", EmailConfirmed = true, CreatedAt = now, UpdatedAt = now };
            (await users.CreateAsync(user)).Succeeded.ToString();
            await users.AddToRoleAsync(user, Roles.Agent);
            agents.Add(email);
        }

        var groups = new[] { "Service Desk", "Network", "Applications" };
        db.AddRange(groups.Select(g => AssignmentGroup.Create(g, "", null, null, [], now)));
        await db.SaveChangesAsync();

        // The file, as a migrating admin would export it.
        var random = new Random(42);
        var text = new StringBuilder(records * 700);
        var start = now.AddDays(-365);
        for (var i = 0; i < records; i++)
        {
            var created = start.AddMinutes(random.Next(0, 364 * 1440));
            created = new DateTime(created.Year, created.Month, created.Day, created.Hour, created.Minute, 0, DateTimeKind.Utc);
            var impact = Weighted(random, [1, 3, 6]);
            var urgency = Weighted(random, [1, 4, 5]);
            var group = groups[Weighted(random, [6, 2, 2])];
            var agent = agents[random.Next(agents.Count)];
            var history = new List<object>();
            var at = created;
            DateTime Next(int maxMinutes) => at = at.AddMinutes(random.Next(1, maxMinutes));
            var open = random.Next(10) == 0;
            history.Add(new { at = Iso(Next(90)), status = "assigned", assignee = agent, by = agent });
            history.Add(new { at = Iso(Next(240)), status = "inProgress", by = agent });
            if (random.Next(10) == 0)
            {
                history.Add(new { at = Iso(Next(600)), impact = Levels[random.Next(2)], urgency = "high", by = agent });
            }

            for (var w = Weighted(random, [5, 3, 1]); w > 0; w--)
            {
                history.Add(new { at = Iso(Next(2000)), status = "pending", pendingReason = random.Next(3) switch { 0 => "awaitingSupplier", 1 => "awaitingChange", _ => "awaitingCustomer" } });
                history.Add(new { at = Iso(Next(3000)), status = "inProgress", by = agent });
            }

            if (!open)
            {
                history.Add(new { at = Iso(Next(1500)), status = "resolved", resolutionCode = random.Next(4) == 0 ? "workaround" : "fixed", resolutionNotes = "Solved", by = agent });
                if (random.Next(20) == 0)
                {
                    history.Add(new { at = Iso(Next(2000)), status = "inProgress", by = agent });
                    history.Add(new { at = Iso(Next(1500)), status = "resolved", resolutionCode = "fixed", resolutionNotes = "Solved again", by = agent });
                }

                if (random.Next(5) > 0)
                {
                    history.Add(new { at = Iso(Next(5000)), status = "closed" });
                }
            }

            if (at >= now)
            {
                history.Clear(); // too recent for its story: it stays new
            }

            var comments = Enumerable.Range(0, random.Next(4)).Select(c => new
            {
                at = Iso(created.AddMinutes(1 + c)), by = c % 2 == 0 ? agent : null, body = $"Note {c} on incident {i}: checked the logs and called the user.", @public = c % 2 == 1,
            });
            text.Append(JsonSerializer.Serialize(new
            {
                externalId = $"LEGACY-{i:0000000}", title = $"{serviceNames[i % 7]} problem reported by user {i % 500}", description = "The user reports that it does not work as expected since this morning.",
                service = serviceNames[Weighted(random, [8, 6, 5, 3, 3, 2, 2, 2, 1, 1])], customer = customerNames[Weighted(random, [5, 4, 3, 1, 1])],
                requester = $"user{random.Next(200)}@bench.local", category = "software", impact = Levels[impact], urgency = Levels[urgency], group,
                createdAt = Iso(created), history, comments,
            })).Append('\n');
        }

        return (Encoding.UTF8.GetBytes(text.ToString()), admin);
    }

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static int Weighted(Random random, int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
