using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.Mail.Domain;

/// <summary>An IMAP mailbox polled for new mail; each new mail becomes an incident or a comment.</summary>
internal sealed class Mailbox
{
    public const int MaxName = 100;
    public const int MaxFolder = 200;
    public const int MinPollSeconds = 10;
    public const int MaxPollSeconds = 24 * 3600;

    private Mailbox()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Host { get; private set; } = "";

    public int Port { get; private set; }

    public MailSecurity Security { get; private set; }

    public string User { get; private set; } = "";

    [AuditRedacted]
    public string Password { get; private set; } = "";

    public string Folder { get; private set; } = "INBOX";

    /// <summary>Processed mail is moved here; when empty it is flagged \Seen and stays.</summary>
    public string ProcessedFolder { get; private set; } = "";

    public int PollSeconds { get; private set; } = 60;

    /// <summary>New incidents from this mailbox go to this service (otherwise the settings' default service).</summary>
    public Guid? DefaultServiceId { get; private set; }

    public bool Enabled { get; private set; } = true;

    [NotAudited]
    public DateTime? LastPolledAt { get; private set; }

    [NotAudited]
    public string? LastError { get; private set; }

    /// <summary>A node holds the mailbox until then while it polls it (several nodes never poll one mailbox at once).</summary>
    [NotAudited]
    public DateTime? LeaseUntil { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public static Mailbox Create(string name, string host, int port, MailSecurity security, string user, string password, string folder,
        string processedFolder, int pollSeconds, Guid? defaultServiceId, bool enabled, DateTime now)
    {
        var m = new Mailbox { Id = Guid.CreateVersion7(now), CreatedAt = now, Password = password };
        m.Update(name, host, port, security, user, null, folder, processedFolder, pollSeconds, defaultServiceId, enabled, now);
        return m;
    }

    public void Update(string name, string host, int port, MailSecurity security, string user, string? password, string folder,
        string processedFolder, int pollSeconds, Guid? defaultServiceId, bool enabled, DateTime now)
    {
        Name = name;
        Host = host;
        Port = port;
        Security = security;
        User = user;
        if (password is not null)
        {
            Password = password;
        }

        Folder = folder;
        ProcessedFolder = processedFolder;
        PollSeconds = pollSeconds;
        DefaultServiceId = defaultServiceId;
        Enabled = enabled;
        UpdatedAt = now;
    }
}

public enum InboundOutcome
{
    /// <summary>A new incident was recorded.</summary>
    Created = 1,

    /// <summary>A public comment was added to the incident the mail replied to.</summary>
    Commented = 2,

    /// <summary>Deliberately not acted on (auto-reply, loop, flood, not a party to the incident).</summary>
    Ignored = 3,

    /// <summary>The sender is unknown and unknown senders are rejected.</summary>
    Rejected = 4,

    /// <summary>Could not be read or processed (malformed, too large, no From, no default service); the poller went on.</summary>
    Failed = 5,
}

/// <summary>One mail the poller has seen (its UID in its mailbox): the idempotency record, kept so a restart never processes a mail twice.</summary>
[NotAuditedEntity]
internal sealed class InboundMessage
{
    public const int MaxText = 500;
    public const int MaxMessageId = 500;

    private InboundMessage()
    {
    }

    public Guid Id { get; private set; }

    public Guid MailboxId { get; private set; }

    public long UidValidity { get; private set; }

    public long Uid { get; private set; }

    public string? MessageId { get; private set; }

    public string FromAddress { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public InboundOutcome Outcome { get; private set; }

    public string Detail { get; private set; } = "";

    public string? Reference { get; private set; }

    public DateTime ReceivedAt { get; private set; }

    public static InboundMessage Create(Guid mailboxId, long uidValidity, long uid, string? messageId, string from, string subject,
        InboundOutcome outcome, string detail, string? reference, DateTime now) => new()
        {
            Id = Guid.CreateVersion7(now),
            MailboxId = mailboxId,
            UidValidity = uidValidity,
            Uid = uid,
            MessageId = messageId is null ? null : Cut(messageId, MaxMessageId),
            FromAddress = Cut(from, MaxText),
            Subject = Cut(subject, MaxText),
            Outcome = outcome,
            Detail = Cut(detail, MaxText),
            Reference = reference,
            ReceivedAt = now,
        };

    internal static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
