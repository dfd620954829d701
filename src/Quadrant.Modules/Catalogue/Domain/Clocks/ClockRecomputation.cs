using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.Catalogue.Domain.Clocks;

public enum RecomputationStatus
{
    Queued = 1,
    Running = 2,
    Completed = 3,
    Failed = 4,
}

/// <summary>
/// A background run that re-derives the open clocks affected by a calendar edit or a newly approved
/// agreement revision. Progress (processed of total) is saved after every batch, with a cursor so a run
/// interrupted by a crash or a stopped node is resumed by any node once its lease expires.
/// </summary>
[NotAuditedEntity]
internal sealed class ClockRecomputation
{
    public const int MaxReason = 300;

    private ClockRecomputation()
    {
    }

    public Guid Id { get; private set; }

    public string Reason { get; private set; } = "";

    public Guid? CalendarId { get; private set; }

    public Guid? AgreementId { get; private set; }

    public int? AgreementRevision { get; private set; }

    public Guid? RequestedById { get; private set; }

    public DateTime RequestedAt { get; private set; }

    public RecomputationStatus Status { get; private set; }

    public int? Total { get; private set; }

    public int Processed { get; private set; }

    /// <summary>Clocks whose due instant, target or breach changed.</summary>
    public int Changed { get; private set; }

    /// <summary>The last clock id processed (keyset cursor).</summary>
    public Guid? Cursor { get; private set; }

    public string? Node { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? HeartbeatAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    public string? Error { get; private set; }

    public int Version { get; private set; } = 1;

    public static ClockRecomputation ForCalendar(Guid calendarId, string reason, Guid? by, DateTime now) =>
        new() { Id = Guid.CreateVersion7(now), CalendarId = calendarId, Reason = Trim(reason), RequestedById = by, RequestedAt = now, Status = RecomputationStatus.Queued };

    public static ClockRecomputation ForAgreement(Guid agreementId, int revision, string reason, Guid? by, DateTime now) =>
        new()
        {
            Id = Guid.CreateVersion7(now), AgreementId = agreementId, AgreementRevision = revision, Reason = Trim(reason), RequestedById = by,
            RequestedAt = now, Status = RecomputationStatus.Queued,
        };

    /// <summary>True when a node may take this run: queued, or running with a lease older than <paramref name="leaseExpiredBefore"/>.</summary>
    public bool IsClaimable(DateTime leaseExpiredBefore) =>
        Status == RecomputationStatus.Queued || (Status == RecomputationStatus.Running && HeartbeatAt < leaseExpiredBefore);

    public void Claim(string node, int total, DateTime now)
    {
        Node = node;
        Status = RecomputationStatus.Running;
        StartedAt ??= now;
        HeartbeatAt = now;
        Total ??= total;
    }

    public void Progress(int processed, int changed, Guid cursor, DateTime now)
    {
        Processed += processed;
        Changed += changed;
        Cursor = cursor;
        HeartbeatAt = now;
        if (Total < Processed)
        {
            Total = Processed;
        }
    }

    public void Complete(DateTime now)
    {
        Status = RecomputationStatus.Completed;
        FinishedAt = now;
        HeartbeatAt = now;
        Total = Processed;
    }

    public void Fail(string error, DateTime now)
    {
        Status = RecomputationStatus.Failed;
        Error = error.Length > 2000 ? error[..2000] : error;
        FinishedAt = now;
    }

    private static string Trim(string reason) => reason.Length > MaxReason ? reason[..MaxReason] : reason;
}
