using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Quadrant.Modules.Mail.Domain;

namespace Quadrant.Modules.Mail.Sending;

/// <summary>Builds the MIME message of an outbox row and hands it to the SMTP server (MailKit).</summary>
internal static class SmtpMailer
{
    public const string RefHeader = "X-Quadrant-Ref";

    public static MimeMessage Build(OutboxMessage row, MailSettings settings)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(settings);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(new MailboxAddress(row.ToName, row.ToAddress));
        message.Subject = row.Subject;
        message.MessageId = row.MessageId;
        message.Date = new DateTimeOffset(row.CreatedAt, TimeSpan.Zero);
        // RFC 3834: an automatic message; well-behaved responders do not answer it, and Exchange is asked not to either.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        if (row.Reference is { } reference)
        {
            message.Headers.Add(RefHeader, reference);
            var thread = MailSettingsStore.ThreadId(reference, MailSettingsStore.Domain(settings.FromAddress));
            message.References.Add(thread);
            message.InReplyTo = thread;
        }

        var body = new BodyBuilder { TextBody = row.TextBody };
        if (!string.IsNullOrWhiteSpace(row.HtmlBody))
        {
            body.HtmlBody = row.HtmlBody;
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    public static SecureSocketOptions Socket(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    public static async Task<SmtpClient> ConnectAsync(MailSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, Socket(settings.SmtpSecurity), ct);
            if (!string.IsNullOrEmpty(settings.SmtpUser))
            {
                await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword, ct);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A 5xx answer about the message or recipient will not get better by trying again.</summary>
    public static bool IsPermanent(Exception e) => e is SmtpCommandException { StatusCode: var code } && (int)code >= 500;
}
