using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.Modules.Common.Jobs;

/// <summary>Metrics of background jobs, exported on /metrics.</summary>
public sealed class JobMetrics : IDisposable
{
    public const string MeterName = "Quadrant.Jobs";
    private readonly Meter meter;

    public JobMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        meter = meters.Create(MeterName);
        Runs = meter.CreateCounter<long>("quadrant.job.runs", "{run}", "Job runs, by job and outcome.");
        Items = meter.CreateCounter<long>("quadrant.job.items", "{item}", "Rows a job processed.");
        Duration = meter.CreateHistogram<double>("quadrant.job.duration", "s", "How long a job run took.");
    }

    public Counter<long> Runs { get; }

    public Counter<long> Items { get; }

    public Histogram<double> Duration { get; }

    public void Dispose() => meter.Dispose();
}

/// <summary>
/// A background loop over due work, driven by <see cref="TimeProvider"/>. Each run gets its own DI
/// scope. Runs must be idempotent and safe on several nodes at once (they claim or delete rows).
/// </summary>
public abstract partial class RecurringJob(IServiceScopeFactory scopes, TimeProvider time, JobMetrics metrics, ILogger logger)
    : BackgroundService
{
    protected abstract string Name { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>Does one pass of the job and returns how many rows it processed.</summary>
    protected abstract Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>Runs one pass now (used by tests and by the loop).</summary>
    public async Task<int> RunNowAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "success";
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().SetSystem($"job:{Name}");
            var items = await RunOnceAsync(scope.ServiceProvider, ct);
            metrics.Items.Add(items, new KeyValuePair<string, object?>("job", Name));
            return items;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            outcome = "failure";
            throw;
        }
        finally
        {
            metrics.Runs.Add(1, new KeyValuePair<string, object?>("job", Name), new KeyValuePair<string, object?>("outcome", outcome));
            metrics.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("job", Name));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RunNowAsync(stoppingToken);
            }
#pragma warning disable CA1031 // a failed run is logged; the loop goes on
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogFailed(logger, e, Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job);
}
