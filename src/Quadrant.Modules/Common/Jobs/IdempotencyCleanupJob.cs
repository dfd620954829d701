using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Common.Jobs;

/// <summary>Forgets idempotency keys older than their 24-hour retention.</summary>
internal sealed class IdempotencyCleanupJob(IServiceScopeFactory scopes, TimeProvider time, JobMetrics metrics, ILogger<IdempotencyCleanupJob> logger)
    : RecurringJob(scopes, time, metrics, logger)
{
    private readonly TimeProvider clock = time;

    protected override string Name => "idempotency-cleanup";

    protected override TimeSpan Interval => TimeSpan.FromMinutes(15);

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var cutoff = clock.UtcNow() - IdempotencyMiddleware.Retention;
        return services.GetRequiredService<QuadrantDbContext>().Set<IdempotencyRecord>()
            .Where(r => r.CreatedAt < cutoff)
            .ExecuteDeleteAsync(ct);
    }
}
