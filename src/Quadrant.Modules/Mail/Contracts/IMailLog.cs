namespace Quadrant.Modules.Mail.Contracts;

/// <summary>One e-mail about a record: sent (or still queued, or failed) by Quadrant, or received and matched to it.</summary>
public sealed record MailLogEntry(Guid Id, DateTime At, bool Outgoing, string Address, string Subject, string Status, string? Detail);

/// <summary>The e-mails about a record (by its reference, e.g. "INC-000123"), for its timeline.</summary>
public interface IMailLog
{
    Task<IReadOnlyList<MailLogEntry>> ForReferenceAsync(string reference, int limit, CancellationToken ct);
}
