using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.Mail.Domain;

public enum OutboxStatus
{
    Queued = 1,
    Sending = 2,
    Sent = 3,
    Failed = 4,
}

/// <summary>
/// A rendered e-mail waiting to be sent (the transactional outbox). Queued in the same transaction as
/// the change that caused it; a sender claims due rows, sends them and records the outcome.
/// </summary>
[NotAuditedEntity]
internal sealed class OutboxMessage
{
    public const int MaxAddress = 256;
    public const int MaxSubject = 500;
    public const int MaxBody = 100_000;
    public const int MaxError = 1000;

    private OutboxMessage()
    {
    }

    public Guid Id { get; private set; }

    public string TemplateKey { get; private set; } = "";

    public string ToAddress { get; private set; } = "";

    public string ToName { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string TextBody { get; private set; } = "";

    public string HtmlBody { get; private set; } = "";

    /// <summary>The Message-ID header (without angle brackets); replies name it in In-Reply-To.</summary>
    public string MessageId { get; private set; } = "";

    /// <summary>The record the mail is about (e.g. INC-000123), or null.</summary>
    public string? Reference { get; private set; }

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    /// <summary>While Sending: the claim expires then (a node that died mid-send leaves the row to be retried).</summary>
    public DateTime? ClaimedUntil { get; private set; }

    public string? LastError { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? SentAt { get; private set; }

    public int Version { get; private set; } = 1;

    public static OutboxMessage Create(string templateKey, string toAddress, string toName, string subject, string textBody, string htmlBody,
        string messageId, string? reference, DateTime now) => new()
        {
            Id = Guid.CreateVersion7(now),
            TemplateKey = templateKey,
            ToAddress = toAddress,
            ToName = InboundMessage.Cut(toName, MaxAddress),
            Subject = InboundMessage.Cut(subject, MaxSubject),
            TextBody = InboundMessage.Cut(textBody, MaxBody),
            HtmlBody = InboundMessage.Cut(htmlBody, MaxBody),
            MessageId = messageId,
            Reference = reference,
            Status = OutboxStatus.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
        };

    public void Claim(DateTime until)
    {
        Status = OutboxStatus.Sending;
        ClaimedUntil = until;
    }

    public void MarkSent(DateTime now)
    {
        Attempts++;
        Status = OutboxStatus.Sent;
        SentAt = now;
        ClaimedUntil = null;
        LastError = null;
    }

    /// <summary>A failed attempt: retried after an exponential backoff (1, 2, 4, ... minutes, at most an hour) unless permanent or out of attempts.</summary>
    public void MarkFailed(string error, bool permanent, int maxAttempts, DateTime now)
    {
        Attempts++;
        LastError = InboundMessage.Cut(error, MaxError);
        ClaimedUntil = null;
        if (permanent || Attempts >= maxAttempts)
        {
            Status = OutboxStatus.Failed;
            return;
        }

        Status = OutboxStatus.Queued;
        NextAttemptAt = now + Backoff(Attempts);
    }

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>A failed message is queued again with fresh attempts (an administrator fixed the cause).</summary>
    public void Retry(DateTime now)
    {
        if (Status != OutboxStatus.Failed)
        {
            throw new Common.Validation.DomainRuleException("outbox.retry", "Only a failed message can be retried.");
        }

        Status = OutboxStatus.Queued;
        Attempts = 0;
        NextAttemptAt = now;
    }
}
