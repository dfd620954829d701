using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Quadrant.IntegrationTests.Infrastructure;

/// <summary>
/// The real mail servers started by scripts/mail-servers.sh (and by .ci/run): smtp4dev receives what
/// Quadrant sends (read back over its IMAP port); dovecot holds the mail Quadrant polls. A missing
/// variable fails the test with instructions: mail tests never skip.
/// </summary>
public static class MailServers
{
    public const string SmtpVariable = "QUADRANT_TEST_SMTP";
    public const string SmtpImapVariable = "QUADRANT_TEST_SMTP_IMAP";
    public const string ImapVariable = "QUADRANT_TEST_IMAP";
    public const string ImapPassword = "secret";

    public static (string Host, int Port) Smtp => Endpoint(SmtpVariable);

    public static (string Host, int Port) Imap => Endpoint(ImapVariable);

    private static (string Host, int Port) Endpoint(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value) || value.LastIndexOf(':') is var colon && colon < 1)
        {
            throw new InvalidOperationException(
                $"{variable} is not set. Start the test mail servers with `eval \"$(scripts/mail-servers.sh start)\"` " +
                "(or run `bash .ci/run`, which starts them), then run the tests in the same shell.");
        }

        return (value[..colon], int.Parse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The mails smtp4dev received for this address (waits briefly for delivery).</summary>
    public static async Task<List<MimeMessage>> ReceivedForAsync(string address, int atLeast = 1)
    {
        var (host, port) = Endpoint(SmtpImapVariable);
        for (var attempt = 0; ; attempt++)
        {
            var found = new List<MimeMessage>();
            using (var client = new ImapClient())
            {
                await client.ConnectAsync(host, port, SecureSocketOptions.None);
                await client.AuthenticateAsync("tests", "tests");
                await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
                for (var i = 0; i < client.Inbox.Count; i++)
                {
                    var message = await client.Inbox.GetMessageAsync(i);
                    if (message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
                    {
                        found.Add(message);
                    }
                }

                await client.DisconnectAsync(true);
            }

            if (found.Count >= atLeast || attempt >= 20)
            {
                return found;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Puts raw bytes into a dovecot user's INBOX exactly as given (IMAP APPEND), so malformed mail stays malformed.</summary>
    public static async Task AppendRawAsync(string user, byte[] raw, string folder = "INBOX")
    {
        ArgumentNullException.ThrowIfNull(raw);
        var (host, port) = Imap;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port);
        await using var stream = tcp.GetStream();
        var reader = new StreamReader(stream, Encoding.Latin1);
        async Task<string> Until(string prefix)
        {
            while (true)
            {
                var line = await reader.ReadLineAsync() ?? throw new IOException("IMAP server closed the connection");
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }

        async Task Send(string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text));
        await Until("* OK");
        await Send($"a LOGIN \"{user}\" \"{ImapPassword}\"\r\n");
        Assert.StartsWith("a OK", await Until("a "), StringComparison.Ordinal);
        await Send($"b APPEND {folder} {{{raw.Length}}}\r\n");
        await Until("+");
        await stream.WriteAsync(raw);
        await Send("\r\n");
        var done = await Until("b ");
        Assert.True(done.StartsWith("b OK", StringComparison.Ordinal), done);
        await Send("c LOGOUT\r\n");
    }

    public static Task AppendAsync(string user, string raw) => AppendRawAsync(user, Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")));

    /// <summary>How many mails are in a dovecot user's folder.</summary>
    public static async Task<int> CountAsync(string user, string folder)
    {
        var (host, port) = Imap;
        using var client = new ImapClient();
        await client.ConnectAsync(host, port, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, ImapPassword);
        var f = await client.GetFolderAsync(folder);
        await f.OpenAsync(FolderAccess.ReadOnly);
        var count = f.Count;
        await client.DisconnectAsync(true);
        return count;
    }
}
