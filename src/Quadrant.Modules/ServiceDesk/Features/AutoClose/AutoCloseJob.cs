using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quadrant.Modules.Common.Jobs;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;
using Quadrant.Modules.ServiceDesk.Features.Surveys;

namespace Quadrant.Modules.ServiceDesk.Features.AutoClose;

/// <summary>
/// Closes resolved incidents the requester neither confirmed nor rejected within the service desk's
/// auto-close period, and sends their surveys. Reads only resolved incidents through the (status,
/// resolvedAt) index. Safe on several nodes: each incident is closed in its own transaction with its
/// version checked, and the survey is unique per incident, so when two nodes race one wins and the
/// other rolls back and moves on.
/// </summary>
internal sealed partial class AutoCloseJob(
    IServiceScopeFactory scopes, TimeProvider time, JobMetrics metrics, ServiceDeskOptions options, ILogger<AutoCloseJob> logger)
    : RecurringJob(scopes, time, metrics, logger)
{
    private readonly TimeProvider clock = time;
    private readonly ILogger<AutoCloseJob> log = logger;

    protected override string Name => "incident-auto-close";

    protected override TimeSpan Interval => options.AutoCloseInterval;

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<QuadrantDbContext>();
        var now = clock.UtcNow();
        var settings = await IncidentViews.SettingsAsync(db, clock, ct);
        var after = TimeSpan.FromDays(settings.AutoCloseDays);
        var cutoff = now - after;
        var due = await db.Set<Incident>().AsNoTracking()
            .Where(i => i.Status == IncidentStatus.Resolved && i.ResolvedAt != null && i.ResolvedAt <= cutoff)
            .OrderBy(i => i.ResolvedAt).ThenBy(i => i.Id)
            .Select(i => i.Id).Take(options.BatchSize).ToListAsync(ct);
        var closed = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == id, ct);
                if (incident is null || !incident.IsDueForAutoClose(after, now))
                {
                    continue; // another node closed it, or someone answered in the meantime
                }

                var before = IncidentState.Of(incident);
                incident.MoveTo(IncidentStatus.Closed, null, null, null, TimeSpan.MaxValue, now);
                IncidentHistory.Changed(db, incident, before, null, now,
                    $"Closed automatically: the resolution was not confirmed or rejected within {settings.AutoCloseDays} days.");
                await SurveyInvitations.OnClosedAsync(db, services.GetRequiredService<IncidentMail>(), incident, settings, now, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                closed++;
            }
            catch (DbUpdateException e)
            {
                // Lost the race to another node (stale version, or its survey row came first).
                await transaction.RollbackAsync(ct);
                LogLostRace(log, e, id);
            }
        }

        return closed;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Auto-close of incident {IncidentId} skipped: another node got there first")]
    private static partial void LogLostRace(ILogger logger, Exception exception, Guid incidentId);
}
