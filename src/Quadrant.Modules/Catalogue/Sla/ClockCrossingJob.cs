using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Common.Jobs;
using Quadrant.Modules.Common.Notifications;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Catalogue.Sla;

/// <summary>How often the SLA jobs look for work (Quadrant:Sla in configuration).</summary>
public sealed class SlaOptions
{
    public TimeSpan CrossingInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RecomputeInterval { get; set; } = TimeSpan.FromSeconds(5);

    public int BatchSize { get; set; } = 2000;
}

/// <summary>
/// Records warning and breach crossings. Reads only clocks whose indexed next-crossing instant has
/// passed. Safe on several nodes at once: a crossing's key is (clock, percent), and the clock row's
/// version is checked on update, so when two nodes race the loser's transaction rolls back and it
/// moves on; each crossing is recorded, and notified, exactly once.
/// </summary>
internal sealed partial class ClockCrossingJob(
    IServiceScopeFactory scopes, TimeProvider time, JobMetrics metrics, SlaOptions options, ILogger<ClockCrossingJob> logger)
    : RecurringJob(scopes, time, metrics, logger)
{
    private readonly TimeProvider clock = time;

    protected override string Name => "sla-crossings";

    protected override TimeSpan Interval => options.CrossingInterval;

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<QuadrantDbContext>();
        var schedules = services.GetRequiredService<ScheduleCache>();
        var observers = services.GetServices<ISlaClockObserver>().ToList();
        var now = clock.UtcNow();
        var recorded = 0;
        var skip = new HashSet<Guid>();
        while (!ct.IsCancellationRequested)
        {
            var due = await db.Set<ClockRecord>().AsNoTracking()
                .Where(c => c.NextCrossingAt != null && c.NextCrossingAt <= now && !skip.Contains(c.Id))
                .OrderBy(c => c.NextCrossingAt).ThenBy(c => c.Id)
                .Select(c => c.Id).Take(options.BatchSize).ToListAsync(ct);
            if (due.Count == 0)
            {
                break;
            }

            foreach (var id in due)
            {
                var (count, notices) = await ProcessAsync(db, schedules, id, now, ct);
                if (count < 0)
                {
                    skip.Add(id);
                    continue;
                }

                recorded += count;
                skip.Add(id);
                foreach (var notice in notices)
                {
                    foreach (var observer in observers)
                    {
                        await observer.OnCrossingAsync(notice, ct);
                    }
                }
            }
        }

        return recorded;
    }

    /// <summary>Records the clock's reached crossings in one transaction; -1 when another node got there first.</summary>
    private async Task<(int Count, List<ClockCrossingNotice> Notices)> ProcessAsync(
        QuadrantDbContext db, ScheduleCache schedules, Guid id, DateTime now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var record = await db.Set<ClockRecord>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (record is null)
        {
            return (-1, []);
        }

        var events = (await SlaClockService.LoadEventsAsync(db, [id], ct))[id];
        var crossings = (await SlaClockService.LoadCrossingsAsync(db, [id], ct))[id];
        var schedule = await schedules.GetAsync(db, record.CalendarId, ct);
        var reached = record.Refresh(schedule, events, crossings, now, recordsReached: true);

        var agreement = await AgreementsInForce.RevisionAsync(db, record.AgreementId, record.AgreementRevision, ct);
        var notices = new List<ClockCrossingNotice>();
        var notify = record.Status != ClockStatus.Stopped;
        foreach (var (percent, at) in reached)
        {
            db.Add(ClockCrossing.Create(record.Id, percent, at, now, notify));
            if (!notify)
            {
                continue;
            }

            notices.Add(new ClockCrossingNotice(record.Id, record.RecordType, record.RecordId, record.Reference, record.Metric, percent, at, record.AgreementId));
            foreach (var user in Recipients(record, agreement))
            {
                db.Add(Notification.Create(user, percent == 100 ? "sla.breach" : "sla.warning", Title(record, percent),
                    Body(record, agreement, percent, at), $"/sla/clocks/{record.Id}", now));
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e))
        {
            LogRace(logger, id);
            db.ChangeTracker.Clear();
            return (-1, []);
        }

        return (reached.Count, notices);
    }

    private static IEnumerable<Guid> Recipients(ClockRecord record, AgreementInForce? agreement) =>
        new[] { record.ResponsibleUserId, agreement?.Content.OwnerId }.OfType<Guid>().Distinct();

    private static string Metric(ClockMetric metric) => metric == ClockMetric.FirstResponse ? "first response" : "resolution";

    private static string Title(ClockRecord r, int percent) =>
        percent == 100
            ? $"SLA breached: {r.Reference} {Metric(r.Metric)} target missed"
            : $"SLA warning: {r.Reference} {Metric(r.Metric)} at {percent} % of its target";

    private static string Body(ClockRecord r, AgreementInForce? a, int percent, DateTime at) =>
        $"{r.RecordType} {r.Reference}, priority {r.Priority}, under '{a?.Name}' (revision {r.AgreementRevision}): " +
        (percent == 100
            ? $"the {Metric(r.Metric)} target of {r.TargetMinutes} business minutes was exceeded at {at:yyyy-MM-dd HH:mm} UTC."
            : $"{percent} % of the {Metric(r.Metric)} target of {r.TargetMinutes} business minutes was used at {at:yyyy-MM-dd HH:mm} UTC" +
              (r.DueAt is { } due ? $"; due {due:yyyy-MM-dd HH:mm} UTC." : "."));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Clock {ClockId}: another node recorded its crossing first")]
    private static partial void LogRace(ILogger logger, Guid clockId);
}
