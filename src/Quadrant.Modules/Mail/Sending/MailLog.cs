using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Mail.Contracts;
using Quadrant.Modules.Mail.Domain;

namespace Quadrant.Modules.Mail.Sending;

/// <summary>The outbox rows and the received mail carrying a record's reference, newest first, both read by index.</summary>
internal sealed class MailLog(QuadrantDbContext db) : IMailLog
{
    public async Task<IReadOnlyList<MailLogEntry>> ForReferenceAsync(string reference, int limit, CancellationToken ct)
    {
        var sent = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Reference == reference)
            .OrderByDescending(m => m.CreatedAt).Take(limit)
            .Select(m => new { m.Id, m.CreatedAt, m.SentAt, m.ToAddress, m.Subject, m.Status, m.LastError }).ToListAsync(ct);
        var received = await db.Set<InboundMessage>().AsNoTracking().Where(m => m.Reference == reference)
            .OrderByDescending(m => m.ReceivedAt).Take(limit)
            .Select(m => new { m.Id, m.ReceivedAt, m.FromAddress, m.Subject, m.Outcome, m.Detail }).ToListAsync(ct);
        return sent.Select(m => new MailLogEntry(m.Id, m.SentAt ?? m.CreatedAt, true, m.ToAddress, m.Subject, m.Status.ToString().ToLowerInvariant(), m.LastError))
            .Concat(received.Select(m => new MailLogEntry(m.Id, m.ReceivedAt, false, m.FromAddress, m.Subject, m.Outcome.ToString().ToLowerInvariant(), m.Detail)))
            .OrderByDescending(e => e.At).Take(limit).ToList();
    }
}
