namespace Quadrant.Modules.Catalogue.Contracts;

/// <summary>What a clock measures.</summary>
public enum ClockMetric
{
    FirstResponse = 1,
    Resolution = 2,
}

/// <summary>
/// The record a clock measures, as its owning module describes it: the incident or request (or an
/// external record) with the service, customer and priority used to find the agreement and target.
/// </summary>
/// <param name="RecordType">A short type name, e.g. "Incident" (letters only).</param>
/// <param name="Reference">What people call the record, e.g. "INC-000123".</param>
/// <param name="ResponsibleUserId">Who is told when a warning threshold or the target is crossed (besides the agreement owner).</param>
public sealed record ClockSubject(
    string RecordType,
    Guid RecordId,
    string Reference,
    Guid ServiceId,
    Guid? CustomerId,
    int Priority,
    Guid? ResponsibleUserId = null);

/// <summary>A clock as other modules see it: derived from its event history at the time it is read.</summary>
public sealed record ClockState(
    Guid Id,
    string RecordType,
    Guid RecordId,
    string Reference,
    ClockMetric Metric,
    Guid AgreementId,
    string AgreementName,
    int AgreementRevision,
    int Priority,
    string Status,
    int TargetMinutes,
    double ElapsedMinutes,
    double RemainingMinutes,
    DateTime? DueAt,
    bool Breached,
    DateTime? BreachedAt,
    string? PauseReason,
    DateTime StartedAt,
    DateTime? StoppedAt);

/// <summary>A warning threshold or the target itself (Percent = 100) was crossed; told once per clock and percent.</summary>
public sealed record ClockCrossingNotice(Guid ClockId, string RecordType, Guid RecordId, string Reference, ClockMetric Metric, int Percent, DateTime CrossedAt, Guid AgreementId);

/// <summary>
/// SLA clocks for records of other modules. The owning module only starts, pauses, resumes, retargets
/// and stops; elapsed time, due instants and breaches are derived here. Each call saves through the
/// shared unit of work, so inside the caller's transaction it commits or rolls back with the record.
/// Invalid calls (e.g. resuming a running clock) throw a DomainRuleException (409 at the API).
/// </summary>
public interface ISlaClocks
{
    /// <summary>
    /// Starts the clocks (first response and resolution, where targets exist) of the agreement that
    /// covers the subject's service and customer at <paramref name="at"/>, or of the given agreement.
    /// Returns no clocks when no agreement applies.
    /// </summary>
    Task<IReadOnlyList<ClockState>> StartAsync(ClockSubject subject, DateTime at, Guid? agreementId, CancellationToken ct);

    /// <summary>Pauses every running clock of the record, with the reason (e.g. "awaiting customer").</summary>
    Task PauseAsync(string recordType, Guid recordId, string reason, DateTime at, CancellationToken ct);

    /// <summary>Resumes every paused clock of the record.</summary>
    Task ResumeAsync(string recordType, Guid recordId, DateTime at, CancellationToken ct);

    /// <summary>Stops the record's open clocks of one metric, or all of them when <paramref name="metric"/> is null.</summary>
    Task StopAsync(string recordType, Guid recordId, ClockMetric? metric, DateTime at, CancellationToken ct);

    /// <summary>Runs the record's stopped clocks of one metric (or all) again, e.g. a resolved incident reopened. Time counted before still counts.</summary>
    Task ReopenAsync(string recordType, Guid recordId, ClockMetric? metric, DateTime at, CancellationToken ct);

    /// <summary>The priority changed: each open clock takes its agreement's target for the new priority.</summary>
    Task RetargetAsync(string recordType, Guid recordId, int priority, DateTime at, CancellationToken ct);

    /// <summary>The record's clocks read at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<ClockState>> ReadAsync(string recordType, Guid recordId, DateTime now, CancellationToken ct);

    /// <summary>
    /// Opens a replay for records created in the caller's unit of work (a bulk import): the agreements in
    /// force and their calendars are read once, and every call on the replay works in memory with the same
    /// rules and the same resulting events as the calls on this interface. <see cref="ISlaClockReplay.FlushAsync"/>
    /// adds the clocks and their histories to the unit of work (the caller saves, once per batch).
    /// </summary>
    Task<ISlaClockReplay> BeginReplayAsync(CancellationToken ct);
}

/// <summary>
/// SLA clocks replayed in memory from a record's history (bulk import). Start, pause, resume, stop,
/// reopen, retarget and read behave as on <see cref="ISlaClocks"/> (same checks, same events, same
/// derived columns) but touch no database until <see cref="FlushAsync"/>; they only know the records
/// started on this replay. A replay serves one batch and one thread.
/// </summary>
public interface ISlaClockReplay : ISlaClocks
{
    /// <summary>Adds every clock started on this replay, with its events and its columns derived now, to the unit of work (not saved), and forgets them.</summary>
    Task FlushAsync(CancellationToken ct);
}

/// <summary>Implemented by modules that act on crossings (escalation); called after the crossing is saved.</summary>
public interface ISlaClockObserver
{
    Task OnCrossingAsync(ClockCrossingNotice notice, CancellationToken ct);
}

/// <summary>A clock's due instant or breach changed outside the owning module's own calls (e.g. a calendar edit or a new agreement revision recomputed it).</summary>
public sealed record ClockDueChange(Guid ClockId, string RecordType, Guid RecordId, ClockMetric Metric, string Status, DateTime? DueAt, bool Breached);

/// <summary>
/// Implemented by modules that keep a copy of a clock's due instant (e.g. the incident queue's "by due"
/// column); called by the SLA recomputation after each committed batch, for the clocks whose due
/// instant or breach changed.
/// </summary>
public interface ISlaClockDueObserver
{
    Task OnDueChangedAsync(IReadOnlyList<ClockDueChange> changes, CancellationToken ct);
}

/// <summary>One entry of a record's SLA history: a clock event (started, paused, resumed, stopped, ...) or a crossing (Percent set; 100 = breach).</summary>
public sealed record ClockHistoryEntry(Guid ClockId, ClockMetric Metric, string Kind, DateTime At, string? Reason, int? Percent, int? TargetMinutes);

/// <summary>The SLA history of a record, oldest first, for timelines.</summary>
public interface ISlaClockHistory
{
    Task<IReadOnlyList<ClockHistoryEntry>> HistoryAsync(string recordType, Guid recordId, CancellationToken ct);
}
