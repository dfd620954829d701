namespace Quadrant.Modules.ServiceDesk.Contracts;

/// <summary>A file that came with an e-mail, to be kept on the incident (subject to the attachment limits).</summary>
public sealed record IncomingAttachment(string FileName, string? ContentType, byte[] Content);

/// <summary>What the mail poller needs to know about an incident a reply refers to.</summary>
public sealed record IncidentMailTarget(Guid Id, string Reference, Guid? RequesterId, Guid? AssigneeId, bool IsOpen);

/// <summary>The result of taking in a mail: the incident touched and the attachments that were dropped (too large, wrong type).</summary>
public sealed record IntakeResult(Guid IncidentId, string Reference, IReadOnlyList<string> DroppedAttachments);

/// <summary>
/// How incoming e-mail becomes service-desk work (used by the Mail module). Every call saves through the
/// shared unit of work, so inside the caller's transaction it commits with the caller's bookkeeping.
/// </summary>
public interface IIncidentMailIntake
{
    Task<IncidentMailTarget?> FindAsync(string reference, CancellationToken ct);

    /// <summary>Records a new incident (source Email) for the requester against the service; the SLA clocks start.</summary>
    Task<IntakeResult> CreateAsync(Guid requesterId, Guid serviceId, string title, string description,
        IReadOnlyList<IncomingAttachment> attachments, CancellationToken ct);

    /// <summary>Adds a public comment by the author (the requester or a staff member) with the attachments (public).</summary>
    Task<IntakeResult> CommentAsync(Guid incidentId, Guid authorId, string body, IReadOnlyList<IncomingAttachment> attachments, CancellationToken ct);
}
