using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Common.Jobs;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Catalogue.Sla;

/// <summary>
/// Works through queued recomputations: re-derives every open clock of the edited calendar or of the
/// agreement whose new revision came into force. For an agreement, each clock whose target differs under
/// the new revision gets a TargetChanged event (at the approval, or after its last event), so its history
/// explains the change. Progress is saved per batch; a run whose node stops is taken over after the lease.
/// </summary>
internal sealed partial class ClockRecomputeJob(
    IServiceScopeFactory scopes, TimeProvider time, JobMetrics metrics, SlaOptions options, ILogger<ClockRecomputeJob> logger)
    : RecurringJob(scopes, time, metrics, logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly string NodeName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly TimeProvider clock = time;

    protected override string Name => "sla-recompute";

    protected override TimeSpan Interval => options.RecomputeInterval;

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<QuadrantDbContext>();
        var schedules = services.GetRequiredService<ScheduleCache>();
        var observers = services.GetServices<ISlaClockDueObserver>().ToList();
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            var run = await ClaimAsync(db, ct);
            if (run is null)
            {
                break;
            }

            try
            {
                total += await RunAsync(db, schedules, run, observers, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // The lease expired and another node took the run over; it goes on from the saved cursor.
                LogLostLease(logger, run.Id);
                db.ChangeTracker.Clear();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e, run.Id);
                db.ChangeTracker.Clear();
                var failed = await db.Set<ClockRecomputation>().FirstAsync(r => r.Id == run.Id, ct);
                failed.Fail(e.Message, clock.UtcNow());
                await db.SaveChangesAsync(ct);
            }
        }

        return total;
    }

    private async Task<ClockRecomputation?> ClaimAsync(QuadrantDbContext db, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var expired = now - Lease;
        var candidates = await db.Set<ClockRecomputation>()
            .Where(r => r.Status == RecomputationStatus.Queued || (r.Status == RecomputationStatus.Running && r.HeartbeatAt < expired))
            .OrderBy(r => r.RequestedAt).Take(5).ToListAsync(ct);
        foreach (var run in candidates)
        {
            var total = await Affected(db, run, null).CountAsync(ct);
            run.Claim(NodeName, total, now);
            try
            {
                await db.SaveChangesAsync(ct);
                return run;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another node claimed it first.
                db.ChangeTracker.Clear();
            }
        }

        return null;
    }

    private static IQueryable<ClockRecord> Affected(QuadrantDbContext db, ClockRecomputation run, Guid? after)
    {
        var clocks = db.Set<ClockRecord>().Where(c => c.Status != ClockStatus.Stopped);
        clocks = run.CalendarId is { } calendar ? clocks.Where(c => c.CalendarId == calendar) : clocks.Where(c => c.AgreementId == run.AgreementId);
        return after is { } cursor ? clocks.Where(c => c.Id > cursor) : clocks;
    }

    private async Task<int> RunAsync(QuadrantDbContext db, ScheduleCache schedules, ClockRecomputation run, List<ISlaClockDueObserver> observers, CancellationToken ct)
    {
        var revision = run.AgreementId is { } agreementId && run.AgreementRevision is { } number
            ? await AgreementsInForce.RevisionAsync(db, agreementId, number, ct)
            : null;
        var processed = 0;
        while (!ct.IsCancellationRequested)
        {
            var batch = await Affected(db, run, run.Cursor).AsNoTracking().OrderBy(c => c.Id).Take(options.BatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            var now = clock.UtcNow();
            var ids = batch.Select(c => c.Id).ToList();
            var events = await SlaClockService.LoadEventsAsync(db, ids, ct);
            var crossings = await SlaClockService.LoadCrossingsAsync(db, ids, ct);
            var changed = 0;
            var calendars = await schedules.GetManyAsync(db, batch.Select(c => c.CalendarId).Append(revision?.Content.CalendarId ?? batch[0].CalendarId), ct);
            var rows = new List<(ClockRecord, int)>(batch.Count);
            var dueChanged = new List<ClockDueChange>();
            foreach (var c in batch)
            {
                var before = (c.DueAt, c.TargetMinutes, c.Breached, c.CalendarId);
                var version = c.Version;
                var history = events[c.Id];
                if (revision is not null && c.AgreementRevision < revision.Revision)
                {
                    c.Rebase(revision.Revision, revision.Content.CalendarId, revision.Content.Terms.WarningThresholds);
                    if (revision.Content.Terms.TargetMinutes(c.Priority, c.Metric) is { } target && target != c.TargetMinutes)
                    {
                        var last = history[^1].At.ToDateTimeUtc();
                        var at = revision.ApprovedAt > last ? revision.ApprovedAt : last;
                        var e = c.Append(ClockEventKind.TargetChanged, at, target, $"agreement revision {revision.Revision}", null, now);
                        db.Add(e);
                        history.Add(new ClockEvent(ClockEventKind.TargetChanged, ClockTime.ToInstant(at), Duration.FromMinutes(target), e.Reason));
                    }
                }

                var indexed = Indexed(c);
                c.Refresh(calendars[c.CalendarId], history, crossings[c.Id], now);
                if (before != (c.DueAt, c.TargetMinutes, c.Breached, c.CalendarId))
                {
                    changed++;
                }

                if ((before.DueAt, before.Breached) != (c.DueAt, c.Breached))
                {
                    dueChanged.Add(new ClockDueChange(c.Id, c.RecordType, c.RecordId, c.Metric, c.Status.ToString(), c.DueAt, c.Breached));
                }

                // A clock whose indexed columns come out the same (e.g. a holiday far beyond its due
                // instant) is not rewritten; its stored elapsed time stays correct as of its own stamp.
                if (Indexed(c) != indexed)
                {
                    rows.Add((c, version));
                }
            }

            // One transaction per batch: new history entries, the derived columns, and the run's progress.
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                var stale = await ClockWriter.UpdateDerivedAsync(db, rows, ct);
                if (stale.Count > 0)
                {
                    // Clocks changed meanwhile were re-derived by their own change; drop their new events too.
                    foreach (var entry in db.ChangeTracker.Entries<ClockEventRecord>().Where(e => stale.Contains(e.Entity.ClockId)).ToList())
                    {
                        entry.State = EntityState.Detached;
                    }
                }

                run.Progress(batch.Count, changed, batch[^1].Id, now);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                dueChanged.RemoveAll(d => stale.Contains(d.ClockId));
            }

            // Owners of copies of the due instant (the incident queue) follow after the batch committed.
            if (dueChanged.Count > 0)
            {
                foreach (var observer in observers)
                {
                    await observer.OnDueChangedAsync(dueChanged, ct);
                }
            }

            db.ChangeTracker.Clear();
            db.Attach(run);
            processed += batch.Count;
        }

        run.Complete(clock.UtcNow());
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return processed;
    }

    private static (ClockStatus, DateTime?, bool, DateTime?, DateTime?, DateTime?, int, int, Guid, int, string) Indexed(ClockRecord c) =>
        (c.Status, c.DueAt, c.Breached, c.BreachedAt, c.NextCrossingAt, c.StoppedAt, c.TargetMinutes, c.EventCount, c.CalendarId, c.AgreementRevision, c.Thresholds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA recomputation {RunId}: another node took it over")]
    private static partial void LogLostLease(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "SLA recomputation {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid runId);
}
