using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Domain.Clocks;

// Quadrant's benchmark harness. Usage:
//   dotnet run -c Release --project bench/Quadrant.Bench -- <sla|recompute|seed|all> [--records N] [--duration S] [--out FILE]
// Every figure is one JSON line; a readable table follows. Timings live here, never in tests.
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var duration = TimeSpan.FromSeconds(double.Parse(Option("--duration") ?? "5", CultureInfo.InvariantCulture));
var outFile = Option("--out");
var commit = Environment.GetEnvironmentVariable("QUADRANT_COMMIT") ?? Git("rev-parse --short HEAD") ?? "unknown";
var figures = new List<Figure>();

var records = int.Parse(Option("--records") ?? "20000", CultureInfo.InvariantCulture);
if (scenario is not ("sla" or "recompute" or "seed" or "all"))
{
    Console.Error.WriteLine($"Unknown scenario '{scenario}'. Known: sla, recompute, seed, all.");
    return 2;
}

if (scenario is "sla" or "all")
{
    Sla(figures, duration, commit);
}

if (scenario is "recompute" or "all")
{
    await RecomputeScenario.RunAsync(figures, records, commit);
}

if (scenario is "seed" or "all")
{
    await SeedScenario.RunAsync(figures, records, commit);
}

using var writer = outFile is null ? null : new StreamWriter(outFile, append: true);
foreach (var f in figures)
{
    var line = JsonSerializer.Serialize(f, BenchJson.Options);
    Console.WriteLine(line);
    writer?.WriteLine(line);
}

Console.WriteLine();
Console.WriteLine($"{"scenario",-10} {"metric",-48} {"value",14} unit");
foreach (var f in figures)
{
    Console.WriteLine($"{f.Scenario,-10} {f.Metric,-48} {f.Value,14:N1} {f.Unit}{(f.Target is null ? "" : $"   (target {f.Target})")}");
}

return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string? Git(string arguments)
{
    try
    {
        using var p = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return p.ExitCode == 0 ? text : null;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return null;
    }
}

// sla: business-time arithmetic on one core (the work behind every due instant and every recompute).
static void Sla(List<Figure> figures, TimeSpan duration, string commit)
{
    var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    var week = Enumerable.Range(1, 5).ToDictionary(d => (IsoDayOfWeek)d,
        _ => (IReadOnlyList<WorkingSpan>)[WorkingSpan.Parse("08:00-12:00"), WorkingSpan.Parse("13:00-17:00")]);
    var holidays = Enumerable.Range(0, 12).Select(i => new LocalDate(2026, 1, 1).PlusDays(i * 29)).ToList();
    var schedule = new WorkSchedule(zone, week, holidays, [(12, 25), (12, 26), (1, 1)]);
    var random = new Random(42);
    var starts = Enumerable.Range(0, 4096).Select(_ => Instant.FromUtc(2026, 1, 1, 0, 0) + Duration.FromMinutes(random.Next(0, 365 * 1440))).ToArray();
    // Targets like real SLAs: 30 min response to 5 working days resolution.
    var targets = Enumerable.Range(0, 4096).Select(_ => Duration.FromMinutes(new[] { 30, 60, 240, 480, 960, 2400 }[random.Next(6)])).ToArray();

    var adds = Measure(duration, i => BusinessTime.Add(schedule, starts[i & 4095], targets[i & 4095]));
    figures.Add(new Figure("sla", "due_instants_per_second_one_core", adds, "ops/s", commit, ">= 2000000"));

    // Cold: a fresh schedule for every call, as an API request that loads its calendar sees it.
    var cold = Measure(duration, i => BusinessTime.Add(new WorkSchedule(zone, week, holidays, [(12, 25), (12, 26), (1, 1)]), starts[i & 4095], targets[i & 4095]));
    figures.Add(new Figure("sla", "due_instants_per_second_cold_schedule_one_core", cold, "ops/s", commit, null));

    var elapsed = Measure(duration, i => BusinessTime.Elapsed(schedule, starts[i & 4095], starts[i & 4095] + Duration.FromDays(3)));
    figures.Add(new Figure("sla", "elapsed_computations_per_second_one_core", elapsed, "ops/s", commit, null));

    var history = new List<ClockEvent>
    {
        new(ClockEventKind.Started, starts[0], Duration.FromHours(8)),
        new(ClockEventKind.Paused, starts[0] + Duration.FromHours(3), Reason: "awaiting customer"),
        new(ClockEventKind.Resumed, starts[0] + Duration.FromHours(30)),
    };
    var readings = Measure(duration, _ => SlaClock.Read(schedule, history, starts[0] + Duration.FromHours(40)));
    figures.Add(new Figure("sla", "clock_readings_per_second_one_core", readings, "ops/s", commit, null));
    figures.Add(new Figure("sla", "estimated_seconds_to_recompute_1000000_clocks_one_core", 1_000_000 / readings, "s", commit, "<= 10"));
}

static double Measure(TimeSpan duration, Func<int, object> operation)
{
    // Warm up (tiering, PGO), then count operations on this thread until the time is up.
    var warm = Stopwatch.StartNew();
    for (var i = 0; warm.Elapsed < TimeSpan.FromSeconds(Math.Min(1, duration.TotalSeconds / 4)); i++)
    {
        GC.KeepAlive(operation(i));
    }

    var count = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed < duration)
    {
        for (var j = 0; j < 256; j++, count++)
        {
            GC.KeepAlive(operation(count));
        }
    }

    return count / watch.Elapsed.TotalSeconds;
}

internal sealed record Figure(string Scenario, string Metric, double Value, string Unit, string Commit, string? Target)
{
    public string Provider { get; init; } = "none";

    public int Records { get; init; }

    public int Clients { get; init; } = 1;
}

internal static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
