using NodaTime;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Sla;

/// <summary>
/// <see cref="ISlaClockReplay"/>: the clock calls of <see cref="SlaClockService"/> done in memory for records
/// created in the same unit of work (bulk import). The agreements in force and their calendars are read once;
/// each call checks the same rules (a start once per record, the clock-state rule, a valid history) and
/// appends the same events; the derived columns are computed once, at <see cref="FlushAsync"/>, exactly as
/// the service computes them after its last call. Nothing touches the database before the flush.
/// </summary>
internal sealed class ClockReplay : ISlaClockReplay
{
    private readonly QuadrantDbContext db;
    private readonly IReadOnlyList<AgreementInForce> inForce;
    private readonly IReadOnlyDictionary<Guid, WorkSchedule> schedules;
    private readonly Guid? actorId;
    private readonly TimeProvider time;
    private readonly Dictionary<(string, Guid), List<Replayed>> records = [];

    private ClockReplay(QuadrantDbContext db, IReadOnlyList<AgreementInForce> inForce, IReadOnlyDictionary<Guid, WorkSchedule> schedules, Guid? actorId, TimeProvider time)
    {
        this.db = db;
        this.inForce = inForce;
        this.schedules = schedules;
        this.actorId = actorId;
        this.time = time;
    }

    public static async Task<ClockReplay> OpenAsync(QuadrantDbContext db, ScheduleCache cache, Guid? actorId, TimeProvider time, CancellationToken ct)
    {
        var inForce = await AgreementsInForce.LoadAsync(db, ct);
        var schedules = inForce.Count == 0
            ? new Dictionary<Guid, WorkSchedule>()
            : await cache.GetManyAsync(db, inForce.Select(a => a.Content.CalendarId), ct);
        return new ClockReplay(db, inForce, schedules, actorId, time);
    }

    public Task<IReadOnlyList<ClockState>> StartAsync(ClockSubject subject, DateTime at, Guid? agreementId, CancellationToken ct)
    {
        if (SlaClockService.SubjectProblem(subject, out var field) is { } problem)
        {
            throw new ArgumentException(problem, field);
        }

        if (records.ContainsKey((subject.RecordType, subject.RecordId)))
        {
            throw new DomainRuleException("sla.started-once", $"{subject.RecordType} {subject.Reference} already has its clocks.", "recordId");
        }

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
            return Task.FromResult<IReadOnlyList<ClockState>>([]);
        }

        var now = Common.Time.Clock.UtcNow(time);
        var clocks = new List<Replayed>();
        foreach (var metric in new[] { ClockMetric.FirstResponse, ClockMetric.Resolution })
        {
            if (agreement.Content.Terms.TargetMinutes(subject.Priority, metric) is not { } target)
            {
                continue;
            }

            var clock = ClockRecord.Start(subject, metric, agreement.Id, agreement.Revision, agreement.Content.CalendarId,
                agreement.Content.Terms.WarningThresholds, target, at);
            var started = clock.Append(ClockEventKind.Started, at, target, $"{agreement.Name} r{agreement.Revision}, priority {subject.Priority}", actorId, now);
            clocks.Add(new Replayed(clock, agreement, [started.ToEvent()], [started]));
        }

        if (clocks.Count > 0)
        {
            records[(subject.RecordType, subject.RecordId)] = clocks;
        }

        return Task.FromResult<IReadOnlyList<ClockState>>(clocks.Select(c => State(c, at)).ToList());
    }

    public Task PauseAsync(string recordType, Guid recordId, string reason, DateTime at, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > ClockRecord.MaxReason)
        {
            throw new ArgumentException("A pause needs a reason of at most 500 characters.", nameof(reason));
        }

        Change(recordType, recordId, c => c.Status == ClockStatus.Running, "running", _ => (ClockEventKind.Paused, null, reason.Trim()), at);
        return Task.CompletedTask;
    }

    public Task ResumeAsync(string recordType, Guid recordId, DateTime at, CancellationToken ct)
    {
        Change(recordType, recordId, c => c.Status == ClockStatus.Paused, "paused", _ => (ClockEventKind.Resumed, null, null), at);
        return Task.CompletedTask;
    }

    public Task StopAsync(string recordType, Guid recordId, ClockMetric? metric, DateTime at, CancellationToken ct)
    {
        Change(recordType, recordId, c => c.Status != ClockStatus.Stopped && (metric is null || c.Record.Metric == metric), "open",
            _ => (ClockEventKind.Stopped, null, null), at);
        return Task.CompletedTask;
    }

    public Task ReopenAsync(string recordType, Guid recordId, ClockMetric? metric, DateTime at, CancellationToken ct)
    {
        Change(recordType, recordId, c => c.Status == ClockStatus.Stopped && (metric is null || c.Record.Metric == metric), "stopped",
            _ => (ClockEventKind.Reopened, null, null), at);
        return Task.CompletedTask;
    }

    public Task RetargetAsync(string recordType, Guid recordId, int priority, DateTime at, CancellationToken ct)
    {
        if (priority is < 1 or > SlaClockService.MaxPriority)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, $"Priority must be 1 (highest) to {SlaClockService.MaxPriority}.");
        }

        Change(recordType, recordId, c => c.Status != ClockStatus.Stopped, "open", c =>
        {
            var before = c.Record.Priority;
            c.Record.SetPriority(priority);
            // The clock's own revision: the one in force when it started (revisions never change).
            var target = c.Revision.Content.Terms.TargetMinutes(priority, c.Record.Metric);
            return target is { } t && t != c.Record.TargetMinutes
                ? (ClockEventKind.TargetChanged, t, $"priority {before} → {priority}")
                : null;
        }, at);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ClockState>> ReadAsync(string recordType, Guid recordId, DateTime now, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ClockState>>(records.TryGetValue((recordType, recordId), out var clocks)
            ? clocks.Select(c => State(c, now)).ToList()
            : []);

    public Task<ISlaClockReplay> BeginReplayAsync(CancellationToken ct) =>
        throw new InvalidOperationException("A replay does not open another replay.");

    public Task FlushAsync(CancellationToken ct)
    {
        var now = Common.Time.Clock.UtcNow(time);
        foreach (var clock in records.Values.SelectMany(c => c))
        {
            var last = clock.Rows[^1].At;
            clock.Record.Refresh(schedules[clock.Record.CalendarId], clock.History, new HashSet<int>(), now > last ? now : last);
            db.Add(clock.Record);
            db.AddRange(clock.Rows);
        }

        records.Clear();
        return Task.CompletedTask;
    }

    private void Change(string recordType, Guid recordId, Func<Replayed, bool> applies, string wanted,
        Func<Replayed, (ClockEventKind Kind, int? Target, string? Reason)?> change, DateTime at)
    {
        if (!records.TryGetValue((recordType, recordId), out var clocks))
        {
            throw new DomainRuleException("sla.no-clock", $"{recordType} {recordId} has no SLA clock.");
        }

        var targets = clocks.Where(applies).ToList();
        if (targets.Count == 0)
        {
            throw new DomainRuleException("sla.clock-state", $"{recordType} {recordId} has no {wanted} clock to change.");
        }

        var now = Common.Time.Clock.UtcNow(time);
        foreach (var clock in targets)
        {
            if (change(clock) is not { } c)
            {
                continue;
            }

            var candidate = new ClockEvent(c.Kind, ClockTime.ToInstant(at), c.Target is { } t ? Duration.FromMinutes(t) : null, c.Reason);
            if (SlaClock.Problem([.. clock.History, candidate]) is { } problem)
            {
                throw new DomainRuleException("sla.clock-history", $"{clock.Record.Metric} clock of {clock.Record.Reference}: {problem}", "at");
            }

            clock.Rows.Add(clock.Record.Append(c.Kind, at, c.Target, c.Reason, actorId, now));
            clock.History.Add(candidate);
            clock.Status = c.Kind switch
            {
                ClockEventKind.Paused => ClockStatus.Paused,
                ClockEventKind.Stopped => ClockStatus.Stopped,
                ClockEventKind.Resumed or ClockEventKind.Reopened => ClockStatus.Running,
                _ => clock.Status,
            };
        }
    }

    private ClockState State(Replayed c, DateTime now)
    {
        var instant = ClockTime.ToInstant(now);
        var reading = SlaClock.Read(schedules[c.Record.CalendarId], c.History, instant);
        var elapsed = (long)reading.Elapsed.TotalSeconds / 60.0;
        var stop = reading.Status == ClockStatus.Stopped ? c.History.LastOrDefault(e => e.Kind == ClockEventKind.Stopped && e.At <= instant) : null;
        return new ClockState(c.Record.Id, c.Record.RecordType, c.Record.RecordId, c.Record.Reference, c.Record.Metric, c.Revision.Id, c.Revision.Name,
            c.Revision.Revision, c.Record.Priority, reading.Status.ToString(), c.Record.TargetMinutes, elapsed, c.Record.TargetMinutes - elapsed,
            reading.Status == ClockStatus.Running && reading.Due is { } d ? ClockTime.ToDateTime(d) : null, reading.Breached,
            reading.BreachedAt is { } b ? ClockTime.ToDateTime(b) : null, reading.PauseReason, c.Record.StartedAt,
            stop is null ? null : ClockTime.ToDateTime(stop.At));
    }

    /// <summary>
    /// A clock on the replay. <see cref="Status"/> is the state after its last event, which is what the
    /// service's stored status is after its last call (events are never in the future).
    /// </summary>
    private sealed class Replayed(ClockRecord record, AgreementInForce revision, List<ClockEvent> history, List<ClockEventRecord> rows)
    {
        public ClockRecord Record { get; } = record;

        public AgreementInForce Revision { get; } = revision;

        public List<ClockEvent> History { get; } = history;

        public List<ClockEventRecord> Rows { get; } = rows;

        public ClockStatus Status { get; set; } = ClockStatus.Running;
    }
}
