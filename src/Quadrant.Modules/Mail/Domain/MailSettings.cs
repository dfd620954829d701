using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.Mail.Domain;

/// <summary>How the connection to a mail server is secured.</summary>
public enum MailSecurity
{
    /// <summary>Plain text (only for a server on the same host or a trusted network).</summary>
    None = 0,

    /// <summary>Upgrade with STARTTLS; fail if the server does not offer it.</summary>
    StartTls = 1,

    /// <summary>TLS from the first byte (SMTPS 465, IMAPS 993).</summary>
    SslOnConnect = 2,

    /// <summary>TLS on the well-known TLS ports, STARTTLS when the server offers it elsewhere.</summary>
    Auto = 3,
}

/// <summary>What happens to a mail from an address no user has.</summary>
public enum UnknownSenderPolicy
{
    /// <summary>A Requester-role user is created for the sender and the incident is theirs.</summary>
    CreateRequester = 1,

    /// <summary>The mail is recorded as rejected and nothing is created.</summary>
    Reject = 2,
}

/// <summary>Mail settings from configuration (Quadrant:Mail, e.g. Quadrant__Mail__Smtp__Host); the admin page's saved row takes precedence.</summary>
public sealed class MailOptions
{
    public bool Enabled { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    public string FromAddress { get; set; } = "";

    public string FromName { get; set; } = "Quadrant service desk";

    public UnknownSenderPolicy UnknownSenders { get; set; } = UnknownSenderPolicy.CreateRequester;

    public Guid? DefaultServiceId { get; set; }

    /// <summary>How often the outbox sender looks for due messages.</summary>
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the poller looks for mailboxes that are due (each mailbox has its own poll interval).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Larger incoming messages are recorded as failed and not downloaded.</summary>
    public long MaxMessageBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>More mails than this from one sender within an hour are ignored (a mail loop or a flood).</summary>
    public int MaxMailsPerSenderPerHour { get; set; } = 30;

    public int MaxAttempts { get; set; } = 6;

    public sealed class SmtpOptions
    {
        public string Host { get; set; } = "";

        public int Port { get; set; } = 587;

        public MailSecurity Security { get; set; } = MailSecurity.Auto;

        public string User { get; set; } = "";

        public string Password { get; set; } = "";
    }
}

/// <summary>Outgoing mail settings and the rules for incoming mail: one row, written from the admin page.</summary>
internal sealed class MailSettings
{
    public const int SingletonId = 1;
    public const int MaxHost = 255;
    public const int MaxUser = 256;
    public const int MaxPassword = 512;
    public const int MaxAddress = 256;
    public const int MaxName = 200;

    private MailSettings()
    {
    }

    public int Id { get; private set; } = SingletonId;

    public bool Enabled { get; private set; }

    public string SmtpHost { get; private set; } = "";

    public int SmtpPort { get; private set; } = 587;

    public MailSecurity SmtpSecurity { get; private set; } = MailSecurity.Auto;

    public string SmtpUser { get; private set; } = "";

    [AuditRedacted]
    public string SmtpPassword { get; private set; } = "";

    public string FromAddress { get; private set; } = "";

    public string FromName { get; private set; } = "";

    public UnknownSenderPolicy UnknownSenders { get; private set; } = UnknownSenderPolicy.CreateRequester;

    public Guid? DefaultServiceId { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public static MailSettings From(MailOptions o, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new()
        {
            Enabled = o.Enabled,
            SmtpHost = o.Smtp.Host,
            SmtpPort = o.Smtp.Port,
            SmtpSecurity = o.Smtp.Security,
            SmtpUser = o.Smtp.User,
            SmtpPassword = o.Smtp.Password,
            FromAddress = o.FromAddress,
            FromName = o.FromName,
            UnknownSenders = o.UnknownSenders,
            DefaultServiceId = o.DefaultServiceId,
            UpdatedAt = now,
        };
    }

    /// <summary>Changes the settings; a null password keeps the stored one, an empty one clears it.</summary>
    public void Update(bool enabled, string host, int port, MailSecurity security, string user, string? password, string fromAddress, string fromName,
        UnknownSenderPolicy unknownSenders, Guid? defaultServiceId, DateTime now)
    {
        Enabled = enabled;
        SmtpHost = host;
        SmtpPort = port;
        SmtpSecurity = security;
        SmtpUser = user;
        if (password is not null)
        {
            SmtpPassword = password;
        }

        FromAddress = fromAddress;
        FromName = fromName;
        UnknownSenders = unknownSenders;
        DefaultServiceId = defaultServiceId;
        UpdatedAt = now;
    }
}
