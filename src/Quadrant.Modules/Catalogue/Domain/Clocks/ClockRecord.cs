using System.Text.Json;
using NodaTime;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.Catalogue.Domain.Clocks;

/// <summary>
/// A persisted SLA clock. The truth is its event history (<see cref="ClockEventRecord"/>); every other
/// column is derived from it by <see cref="Refresh"/> and kept only so lists, queues and the crossing
/// job can use indexes. Not hash-chained in the audit trail: the event history is append-only and the
/// derived columns can always be recomputed (see docs/sla-clocks.md).
/// </summary>
[NotAuditedEntity]
internal sealed class ClockRecord
{
    public const int MaxRecordType = 50;
    public const int MaxReference = 100;
    public const int MaxReason = 500;

    /// <summary>Due instant used as the sort key of paused and stopped clocks (they have no due instant).</summary>
    public static readonly DateTime NoDue = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    private ClockRecord()
    {
    }

    public Guid Id { get; private set; }

    public string RecordType { get; private set; } = "";

    public Guid RecordId { get; private set; }

    public string Reference { get; private set; } = "";

    public ClockMetric Metric { get; private set; }

    public Guid AgreementId { get; private set; }

    public int AgreementRevision { get; private set; }

    public Guid ServiceId { get; private set; }

    public Guid? CustomerId { get; private set; }

    public int Priority { get; private set; }

    public Guid CalendarId { get; private set; }

    public Guid? ResponsibleUserId { get; private set; }

    /// <summary>Warning thresholds (percent of target) from the agreement, as JSON.</summary>
    public string Thresholds { get; private set; } = "[]";

    public int TargetMinutes { get; private set; }

    public ClockStatus Status { get; private set; }

    public DateTime StartedAt { get; private set; }

    public DateTime? StoppedAt { get; private set; }

    public string? PauseReason { get; private set; }

    /// <summary>Business seconds counted up to <see cref="ComputedAt"/>.</summary>
    public long ElapsedSeconds { get; private set; }

    public DateTime ComputedAt { get; private set; }

    /// <summary>When the target is reached if the clock keeps running; null when paused or stopped.</summary>
    public DateTime? DueAt { get; private set; }

    /// <summary><see cref="DueAt"/>, or <see cref="NoDue"/>: a non-null key for the "by due" queue.</summary>
    public DateTime DueSort { get; private set; }

    public bool Breached { get; private set; }

    public DateTime? BreachedAt { get; private set; }

    /// <summary>The earliest instant at which a not yet recorded threshold is (or was) crossed; the crossing job's index.</summary>
    public DateTime? NextCrossingAt { get; private set; }

    public int EventCount { get; private set; }

    public int Version { get; private set; } = 1;

    public static ClockRecord Start(ClockSubject subject, ClockMetric metric, Guid agreementId, int revision, Guid calendarId,
        IReadOnlyList<int> thresholds, int targetMinutes, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return new ClockRecord
        {
            Id = Guid.CreateVersion7(at),
            RecordType = subject.RecordType,
            RecordId = subject.RecordId,
            Reference = subject.Reference,
            Metric = metric,
            AgreementId = agreementId,
            AgreementRevision = revision,
            ServiceId = subject.ServiceId,
            CustomerId = subject.CustomerId,
            Priority = subject.Priority,
            CalendarId = calendarId,
            ResponsibleUserId = subject.ResponsibleUserId,
            Thresholds = JsonSerializer.Serialize(thresholds),
            TargetMinutes = targetMinutes,
            Status = ClockStatus.Running,
            StartedAt = at,
            ComputedAt = at,
            DueSort = NoDue,
        };
    }

    public IReadOnlyList<int> ThresholdList() => JsonSerializer.Deserialize<List<int>>(Thresholds) ?? [];

    /// <summary>Appends an event (numbered in order); the caller refreshes the derived columns after.</summary>
    public ClockEventRecord Append(ClockEventKind kind, DateTime at, int? targetMinutes, string? reason, Guid? by, DateTime recordedAt)
    {
        EventCount++;
        if (targetMinutes is { } t)
        {
            TargetMinutes = t;
        }

        return ClockEventRecord.Create(Id, EventCount, kind, at, targetMinutes, reason, by, recordedAt);
    }

    public void SetPriority(int priority) => Priority = priority;

    /// <summary>A new agreement revision is in force for this clock (calendar and thresholds may have changed).</summary>
    public void Rebase(int revision, Guid calendarId, IReadOnlyList<int> thresholds)
    {
        AgreementRevision = revision;
        CalendarId = calendarId;
        Thresholds = JsonSerializer.Serialize(thresholds);
    }

    /// <summary>
    /// Re-derives every computed column from the history at <paramref name="now"/>. Returns the
    /// thresholds (percent, 100 = target) reached by <paramref name="now"/> that are not yet recorded,
    /// with the instant each was reached. Those stay due (the next crossing is the earliest of them)
    /// unless <paramref name="recordsReached"/>: the caller records them now (the crossing job), so the
    /// next crossing is the first one still ahead.
    /// </summary>
    public IReadOnlyList<(int Percent, DateTime At)> Refresh(
        WorkSchedule schedule, IReadOnlyList<ClockEvent> events, IReadOnlySet<int> recorded, DateTime now, bool recordsReached = false)
    {
        var instant = ClockTime.ToInstant(now);
        var reading = SlaClock.Read(schedule, events, instant);
        Status = reading.Status;
        PauseReason = reading.PauseReason;
        ElapsedSeconds = (long)reading.Elapsed.TotalSeconds;
        ComputedAt = now;
        Breached = reading.Breached;
        BreachedAt = reading.BreachedAt is { } b ? ClockTime.ToDateTime(b) : null;
        DueAt = reading.Status == ClockStatus.Running && reading.Due is { } d ? ClockTime.ToDateTime(d) : null;
        DueSort = DueAt ?? NoDue;
        var stop = reading.Status == ClockStatus.Stopped ? events.LastOrDefault(e => e.Kind == ClockEventKind.Stopped && e.At <= instant) : null;
        StoppedAt = stop is null ? null : ClockTime.ToDateTime(stop.At);

        var reached = new List<(int, DateTime)>();
        DateTime? next = null;
        var target = Duration.FromMinutes(TargetMinutes);
        foreach (var percent in ThresholdList().Where(p => p is > 0 and < 100).Append(100).Distinct().Where(p => !recorded.Contains(p)))
        {
            DateTime when;
            if (percent == 100)
            {
                // The breach: counted time exceeds the target. Reaching it exactly is not yet a breach.
                if (BreachedAt is { } breachedAt)
                {
                    when = breachedAt;
                }
                else if (DueAt is { } due)
                {
                    when = due.AddTicks(1);
                }
                else
                {
                    continue;
                }
            }
            else if (SlaClock.Reach(schedule, events, instant, target * percent / 100.0) is { } at)
            {
                when = ClockTime.ToDateTime(at);
            }
            else
            {
                continue;
            }

            if (when <= now)
            {
                reached.Add((percent, when));
            }
            else if (next is null || when < next)
            {
                next = when;
            }
        }

        // Crossings already reached but not yet recorded are due at once.
        if (reached.Count > 0 && !recordsReached)
        {
            next = reached.Min(r => r.Item2);
        }

        NextCrossingAt = next;
        return reached;
    }
}

/// <summary>One entry of a clock's history; written once, never changed.</summary>
[NotAuditedEntity]
internal sealed class ClockEventRecord
{
    private ClockEventRecord()
    {
    }

    public Guid ClockId { get; private set; }

    public int Sequence { get; private set; }

    public ClockEventKind Kind { get; private set; }

    public DateTime At { get; private set; }

    public int? TargetMinutes { get; private set; }

    public string? Reason { get; private set; }

    public Guid? ById { get; private set; }

    public DateTime RecordedAt { get; private set; }

    public static ClockEventRecord Create(Guid clockId, int sequence, ClockEventKind kind, DateTime at, int? target, string? reason, Guid? by, DateTime recordedAt) =>
        new() { ClockId = clockId, Sequence = sequence, Kind = kind, At = at, TargetMinutes = target, Reason = reason, ById = by, RecordedAt = recordedAt };

    public ClockEvent ToEvent() =>
        new(Kind, ClockTime.ToInstant(At), TargetMinutes is { } t ? Duration.FromMinutes(t) : null, Reason);
}

/// <summary>A threshold crossing of one clock, recorded once (unique per clock and percent).</summary>
[NotAuditedEntity]
internal sealed class ClockCrossing
{
    private ClockCrossing()
    {
    }

    public Guid ClockId { get; private set; }

    /// <summary>Percent of the target; 100 is the breach.</summary>
    public int Percent { get; private set; }

    public DateTime CrossedAt { get; private set; }

    public DateTime DetectedAt { get; private set; }

    /// <summary>False when detected after the clock had stopped (history catching up): recorded without notifying.</summary>
    public bool Notified { get; private set; }

    public static ClockCrossing Create(Guid clockId, int percent, DateTime crossedAt, DateTime detectedAt, bool notified) =>
        new() { ClockId = clockId, Percent = percent, CrossedAt = crossedAt, DetectedAt = detectedAt, Notified = notified };
}

/// <summary>Conversions between stored UTC DateTimes (SQLite returns them unspecified) and instants.</summary>
internal static class ClockTime
{
    public static Instant ToInstant(DateTime utc) => Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static DateTime ToDateTime(Instant instant) => instant.ToDateTimeUtc();
}
