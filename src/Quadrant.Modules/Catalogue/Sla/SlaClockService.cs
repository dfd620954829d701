using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Sla;

/// <summary>The <see cref="ISlaClocks"/> contract: every change appends to a clock's history and re-derives its columns.</summary>
internal sealed partial class SlaClockService(QuadrantDbContext db, ScheduleCache schedules, ActorContext actor, TimeProvider time) : ISlaClocks
{
    public const int MaxPriority = AgreementTerms.MaxPriority;

    public static string? SubjectProblem(ClockSubject subject, out string field)
    {
        ArgumentNullException.ThrowIfNull(subject);
        field = "recordType";
        if (string.IsNullOrWhiteSpace(subject.RecordType) || subject.RecordType.Length > ClockRecord.MaxRecordType || !RecordTypePattern().IsMatch(subject.RecordType))
        {
            return "'recordType' is a name of letters only (e.g. Incident), at most 50.";
        }

        field = "recordId";
        if (subject.RecordId == Guid.Empty)
        {
            return "'recordId' is required.";
        }

        field = "reference";
        if (string.IsNullOrWhiteSpace(subject.Reference) || subject.Reference.Length > ClockRecord.MaxReference)
        {
            return "'reference' is required, at most 100 characters.";
        }

        field = "priority";
        return subject.Priority is < 1 or > MaxPriority ? $"'priority' must be 1 (highest) to {MaxPriority}." : null;
    }

    public async Task<IReadOnlyList<ClockState>> StartAsync(ClockSubject subject, DateTime at, Guid? agreementId, CancellationToken ct)
    {
        if (SubjectProblem(subject, out var field) is { } problem)
        {
            throw new ArgumentException(problem, field);
        }

        if (await db.Set<ClockRecord>().AnyAsync(c => c.RecordType == subject.RecordType && c.RecordId == subject.RecordId, ct))
        {
            throw new DomainRuleException("sla.started-once", $"{subject.RecordType} {subject.Reference} already has its clocks.", "recordId");
        }

        var inForce = await AgreementsInForce.LoadAsync(db, ct);
        AgreementInForce? agreement;
        if (agreementId is { } id)
        {
            agreement = inForce.FirstOrDefault(a => a.Id == id)
                ?? throw new DomainRuleException("sla.agreement-in-force", "That agreement has no approved revision in force (draft or retired).", "agreementId");
            if (!agreement.Content.ServiceIds.Contains(subject.ServiceId))
            {
                throw new DomainRuleException("sla.agreement-covers-service", $"Agreement '{agreement.Name}' does not cover that service.", "serviceId");
            }
        }
        else
        {
            agreement = AgreementsInForce.Match(inForce, subject.ServiceId, subject.CustomerId, DateOnly.FromDateTime(at));
        }

        if (agreement is null)
        {
            return [];
        }

        var now = time.UtcNow();
        var schedule = await schedules.GetAsync(db, agreement.Content.CalendarId, ct);
        var clocks = new List<ClockRecord>();
        foreach (var metric in new[] { ClockMetric.FirstResponse, ClockMetric.Resolution })
        {
            if (agreement.Content.Terms.TargetMinutes(subject.Priority, metric) is not { } target)
            {
                continue;
            }

            var clock = ClockRecord.Start(subject, metric, agreement.Id, agreement.Revision, agreement.Content.CalendarId,
                agreement.Content.Terms.WarningThresholds, target, at);
            var started = clock.Append(ClockEventKind.Started, at, target, $"{agreement.Name} r{agreement.Revision}, priority {subject.Priority}", actor.UserId, now);
            clock.Refresh(schedule, [started.ToEvent()], new HashSet<int>(), Later(now, at));
            db.Add(clock);
            db.Add(started);
            clocks.Add(clock);
        }

        await db.SaveChangesAsync(ct);
        return clocks.Select(c => ToState(c, agreement.Name)).ToList();
    }

    public Task PauseAsync(string recordType, Guid recordId, string reason, DateTime at, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > ClockRecord.MaxReason)
        {
            throw new ArgumentException("A pause needs a reason of at most 500 characters.", nameof(reason));
        }

        return ChangeAsync(recordType, recordId, c => c.Status == ClockStatus.Running, "running", (clock, _) => (ClockEventKind.Paused, null, reason.Trim()), at, ct);
    }

    public Task ResumeAsync(string recordType, Guid recordId, DateTime at, CancellationToken ct) =>
        ChangeAsync(recordType, recordId, c => c.Status == ClockStatus.Paused, "paused", (_, _) => (ClockEventKind.Resumed, null, null), at, ct);

    public Task StopAsync(string recordType, Guid recordId, ClockMetric? metric, DateTime at, CancellationToken ct) =>
        ChangeAsync(recordType, recordId, c => c.Status != ClockStatus.Stopped && (metric is null || c.Metric == metric), "open",
            (_, _) => (ClockEventKind.Stopped, null, null), at, ct);

    public Task ReopenAsync(string recordType, Guid recordId, ClockMetric? metric, DateTime at, CancellationToken ct) =>
        ChangeAsync(recordType, recordId, c => c.Status == ClockStatus.Stopped && (metric is null || c.Metric == metric), "stopped",
            (_, _) => (ClockEventKind.Reopened, null, null), at, ct);

    public async Task RetargetAsync(string recordType, Guid recordId, int priority, DateTime at, CancellationToken ct)
    {
        if (priority is < 1 or > MaxPriority)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, $"Priority must be 1 (highest) to {MaxPriority}.");
        }

        var revisions = new Dictionary<(Guid, int), AgreementInForce?>();
        await ChangeAsync(recordType, recordId, c => c.Status != ClockStatus.Stopped, "open", (clock, revision) =>
        {
            var before = clock.Priority;
            clock.SetPriority(priority);
            var target = revision?.Content.Terms.TargetMinutes(priority, clock.Metric);
            return target is { } t && t != clock.TargetMinutes
                ? (ClockEventKind.TargetChanged, t, $"priority {before} → {priority}")
                : null;
        }, at, ct, revisions);
    }

    public async Task<IReadOnlyList<ClockState>> ReadAsync(string recordType, Guid recordId, DateTime now, CancellationToken ct)
    {
        var clocks = await db.Set<ClockRecord>().AsNoTracking().Where(c => c.RecordType == recordType && c.RecordId == recordId)
            .OrderBy(c => c.Metric).ToListAsync(ct);
        if (clocks.Count == 0)
        {
            return [];
        }

        var ids = clocks.Select(c => c.Id).ToList();
        var events = await LoadEventsAsync(db, ids, ct);
        var names = await db.Set<Agreement>().Where(a => clocks.Select(c => c.AgreementId).Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var calendars = await schedules.GetManyAsync(db, clocks.Select(c => c.CalendarId), ct);
        var result = new List<ClockState>();
        foreach (var clock in clocks)
        {
            clock.Refresh(calendars[clock.CalendarId], events[clock.Id], new HashSet<int>(), now);
            result.Add(ToState(clock, names.GetValueOrDefault(clock.AgreementId, "")));
        }

        return result;
    }

    public async Task<ISlaClockReplay> BeginReplayAsync(CancellationToken ct) =>
        await ClockReplay.OpenAsync(db, schedules, actor.UserId, time, ct);

    public static ClockState ToState(ClockRecord c, string agreementName)
    {
        ArgumentNullException.ThrowIfNull(c);
        var elapsed = c.ElapsedSeconds / 60.0;
        return new ClockState(c.Id, c.RecordType, c.RecordId, c.Reference, c.Metric, c.AgreementId, agreementName, c.AgreementRevision, c.Priority,
            c.Status.ToString(), c.TargetMinutes, elapsed, c.TargetMinutes - elapsed, c.DueAt, c.Breached, c.BreachedAt, c.PauseReason, c.StartedAt, c.StoppedAt);
    }

    public static async Task<Dictionary<Guid, List<ClockEvent>>> LoadEventsAsync(QuadrantDbContext db, IReadOnlyCollection<Guid> clockIds, CancellationToken ct)
    {
        var rows = await db.Set<ClockEventRecord>().AsNoTracking().Where(e => clockIds.Contains(e.ClockId))
            .OrderBy(e => e.ClockId).ThenBy(e => e.Sequence).ToListAsync(ct);
        var result = clockIds.ToDictionary(id => id, _ => new List<ClockEvent>());
        foreach (var row in rows)
        {
            result[row.ClockId].Add(row.ToEvent());
        }

        return result;
    }

    public static async Task<Dictionary<Guid, HashSet<int>>> LoadCrossingsAsync(QuadrantDbContext db, IReadOnlyCollection<Guid> clockIds, CancellationToken ct)
    {
        var rows = await db.Set<ClockCrossing>().AsNoTracking().Where(c => clockIds.Contains(c.ClockId)).Select(c => new { c.ClockId, c.Percent }).ToListAsync(ct);
        var result = clockIds.ToDictionary(id => id, _ => new HashSet<int>());
        foreach (var row in rows)
        {
            result[row.ClockId].Add(row.Percent);
        }

        return result;
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>Appends one event to each of the record's clocks that <paramref name="applies"/> to; none applying is a conflict.</summary>
    private async Task ChangeAsync(
        string recordType,
        Guid recordId,
        Func<ClockRecord, bool> applies,
        string wanted,
        Func<ClockRecord, AgreementInForce?, (ClockEventKind Kind, int? Target, string? Reason)?> change,
        DateTime at,
        CancellationToken ct,
        Dictionary<(Guid, int), AgreementInForce?>? revisions = null)
    {
        var clocks = await db.Set<ClockRecord>().Where(c => c.RecordType == recordType && c.RecordId == recordId).ToListAsync(ct);
        if (clocks.Count == 0)
        {
            throw new DomainRuleException("sla.no-clock", $"{recordType} {recordId} has no SLA clock.");
        }

        var targets = clocks.Where(applies).ToList();
        if (targets.Count == 0)
        {
            throw new DomainRuleException("sla.clock-state", $"{recordType} {recordId} has no {wanted} clock to change.");
        }

        var now = time.UtcNow();
        var events = await LoadEventsAsync(db, targets.Select(c => c.Id).ToList(), ct);
        var crossings = await LoadCrossingsAsync(db, targets.Select(c => c.Id).ToList(), ct);
        var calendars = await schedules.GetManyAsync(db, targets.Select(c => c.CalendarId), ct);
        foreach (var clock in targets)
        {
            AgreementInForce? revision = null;
            if (revisions is not null)
            {
                var key = (clock.AgreementId, clock.AgreementRevision);
                if (!revisions.TryGetValue(key, out revision))
                {
                    revision = await AgreementsInForce.RevisionAsync(db, clock.AgreementId, clock.AgreementRevision, ct);
                    revisions[key] = revision;
                }
            }

            if (change(clock, revision) is not { } c)
            {
                continue;
            }

            var history = events[clock.Id];
            var candidate = new ClockEvent(c.Kind, ClockTime.ToInstant(at), c.Target is { } t ? Duration.FromMinutes(t) : null, c.Reason);
            if (SlaClock.Problem([.. history, candidate]) is { } problem)
            {
                throw new DomainRuleException("sla.clock-history", $"{clock.Metric} clock of {clock.Reference}: {problem}", "at");
            }

            var record = clock.Append(c.Kind, at, c.Target, c.Reason, actor.UserId, now);
            history.Add(candidate);
            db.Add(record);
            clock.Refresh(calendars[clock.CalendarId], history, crossings[clock.Id], Later(now, at));
        }

        await db.SaveChangesAsync(ct);
    }

    [GeneratedRegex("^[A-Za-z]+$")]
    private static partial Regex RecordTypePattern();
}
