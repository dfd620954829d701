using Microsoft.EntityFrameworkCore;
using MimeKit;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Mail.Domain;
using Quadrant.Modules.Mail.Sending;
using Quadrant.Modules.ServiceDesk.Contracts;

namespace Quadrant.Modules.Mail.Receiving;

/// <summary>
/// Decides what one incoming mail does and records it (mail_inbound) in the same transaction as the
/// incident or comment it creates, so a mail is acted on at most once.
/// </summary>
internal sealed class InboundProcessor(
    QuadrantDbContext db, IIncidentMailIntake intake, IUserProvisioning people, MailSettingsStore store, TimeProvider time)
{
    private const int MaxTitle = 200;
    private const int MaxDescription = 20_000;

    public async Task<InboundMessage> ProcessAsync(Mailbox mailbox, long uidValidity, long uid, MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(message);
        var now = time.UtcNow();
        var from = InboundRules.Sender(message);
        var address = from?.Address?.Trim() ?? "";
        var subject = (message.Subject ?? "").Trim();
        var messageId = string.IsNullOrEmpty(message.MessageId) ? null : message.MessageId;
        InboundMessage Record(InboundOutcome outcome, string detail, string? reference = null) =>
            InboundMessage.Create(mailbox.Id, uidValidity, uid, messageId, address, subject, outcome, detail, reference, now);

        if (address.Length == 0 || !address.Contains('@', StringComparison.Ordinal))
        {
            return await SaveAsync(Record(InboundOutcome.Failed, "no usable From address"), ct);
        }

        var settings = await store.LoadAsync(ct);
        var own = await db.Set<Mailbox>().AsNoTracking().Select(m => m.User).ToListAsync(ct);
        own.Add(settings.FromAddress);
        if (InboundRules.AutomaticReason(message, own) is { } automatic)
        {
            return await SaveAsync(Record(InboundOutcome.Ignored, automatic), ct);
        }

        if (messageId is not null && await db.Set<InboundMessage>().AnyAsync(
                m => m.MessageId == messageId && (m.Outcome == InboundOutcome.Created || m.Outcome == InboundOutcome.Commented), ct))
        {
            return await SaveAsync(Record(InboundOutcome.Ignored, "duplicate: this Message-ID was already processed"), ct);
        }

        var hourAgo = now.AddHours(-1);
        var recent = await db.Set<InboundMessage>().CountAsync(m => m.FromAddress == address && m.ReceivedAt > hourAgo, ct);
        if (recent >= store.Options.MaxMailsPerSenderPerHour)
        {
            return await SaveAsync(Record(InboundOutcome.Ignored, $"rate limit: more than {store.Options.MaxMailsPerSenderPerHour} mails from this sender within an hour"), ct);
        }

        var text = InboundRules.Text(message);
        var attachments = Attachments(message);
        var reference = await ReferenceAsync(message, ct);
        var user = await people.FindByEmailAsync(address, ct);
        var followUp = "";
        if (reference is not null && await intake.FindAsync(reference, ct) is { } target)
        {
            if (target.IsOpen)
            {
                if (user is null || !user.IsActive || (user.Id != target.RequesterId && !await people.IsStaffAsync(user.Id, ct)))
                {
                    return await SaveAsync(Record(InboundOutcome.Ignored, $"reply to {reference} from someone who is neither its requester nor staff", reference), ct);
                }

                return await InTransactionAsync(async () =>
                {
                    var result = await intake.CommentAsync(target.Id, user.Id, Cut(text.Length == 0 ? "(empty reply)" : text, MaxDescription), attachments, ct);
                    return Record(InboundOutcome.Commented, Dropped("public comment added", result), result.Reference);
                }, Record, ct);
            }

            followUp = $"Follow-up to {reference} (closed).\n\n";
        }

        if (user is null)
        {
            if (settings.UnknownSenders == UnknownSenderPolicy.Reject)
            {
                return await SaveAsync(Record(InboundOutcome.Rejected, "unknown sender; unknown senders are rejected"), ct);
            }

            user = await people.CreateRequesterAsync(address, from?.Name ?? "", ct);
        }

        if (!user.IsActive)
        {
            return await SaveAsync(Record(InboundOutcome.Rejected, "the sender's account is deactivated"), ct);
        }

        if ((mailbox.DefaultServiceId ?? settings.DefaultServiceId) is not { } serviceId)
        {
            return await SaveAsync(Record(InboundOutcome.Failed, "no default service is set for new incidents from mail"), ct);
        }

        return await InTransactionAsync(async () =>
        {
            var title = Cut(subject.Length == 0 ? "(no subject)" : subject, MaxTitle);
            var result = await intake.CreateAsync(user.Id, serviceId, title, Cut(followUp + text, MaxDescription), attachments, ct);
            return Record(InboundOutcome.Created, Dropped("incident created", result), result.Reference);
        }, Record, ct);
    }

    /// <summary>Does the work and records the mail in one transaction; a clash on the incident number (a concurrent create) is tried again.</summary>
    private async Task<InboundMessage> InTransactionAsync(Func<Task<InboundMessage>> work, Func<InboundOutcome, string, string?, InboundMessage> record, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var result = await work();
                db.Add(result);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return result;
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) && attempt < 5)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
            catch (Exception e) when (e is DbUpdateException or Common.Validation.DomainRuleException or InvalidOperationException)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return await SaveAsync(record(InboundOutcome.Failed, "could not be recorded: " + e.Message, null), ct);
            }
        }
    }

    private async Task<InboundMessage> SaveAsync(InboundMessage record, CancellationToken ct)
    {
        db.Add(record);
        await db.SaveChangesAsync(ct);
        return record;
    }

    private async Task<string?> ReferenceAsync(MimeMessage message, CancellationToken ct)
    {
        var (fromSubject, ids) = InboundRules.References(message);
        if (fromSubject is not null)
        {
            return fromSubject;
        }

        foreach (var id in ids)
        {
            if (InboundRules.FromThreadId(id) is { } thread)
            {
                return thread;
            }
        }

        if (ids.Count == 0)
        {
            return null;
        }

        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => ids.Contains(m.MessageId) && m.Reference != null)
            .Select(m => m.Reference).FirstOrDefaultAsync(ct);
    }

    private static List<IncomingAttachment> Attachments(MimeMessage message)
    {
        var list = new List<IncomingAttachment>();
        foreach (var part in message.Attachments.OfType<MimePart>())
        {
            using var buffer = new MemoryStream();
            part.Content?.DecodeTo(buffer);
            list.Add(new IncomingAttachment(part.FileName ?? "attachment", part.ContentType?.MimeType, buffer.ToArray()));
        }

        return list;
    }

    private static string Dropped(string what, IntakeResult result) =>
        result.DroppedAttachments.Count == 0 ? what : $"{what}; attachments dropped: {string.Join(", ", result.DroppedAttachments)}";

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
