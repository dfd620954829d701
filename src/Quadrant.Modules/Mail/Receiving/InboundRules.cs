using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Text;
using Quadrant.Modules.Mail.Sending;

namespace Quadrant.Modules.Mail.Receiving;

/// <summary>What the poller reads from a mail before it acts: loops and auto-replies, the record it refers to, its text.</summary>
internal static partial class InboundRules
{
    [GeneratedRegex(@"\[(INC-\d{6,})\]", RegexOptions.CultureInvariant)]
    private static partial Regex SubjectReference();

    [GeneratedRegex(@"^quadrant\.(INC-\d{6,})@", RegexOptions.CultureInvariant)]
    private static partial Regex ThreadReference();

    /// <summary>
    /// Why this mail must not be acted on, or null. Automatic mail (RFC 3834 Auto-Submitted other than
    /// "no", X-Autoreply, X-Autorespond, Precedence bulk/junk/list/auto_reply, List-Id: mailing lists)
    /// and mail from ourselves (our from-address, or carrying our X-Quadrant-Ref header) would start
    /// a mail loop.
    /// </summary>
    public static string? AutomaticReason(MimeMessage message, IReadOnlyCollection<string> ownAddresses)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = message.Headers;
        if (headers[SmtpMailer.RefHeader] is not null)
        {
            return "loop: carries our own X-Quadrant-Ref header";
        }

        var from = Sender(message);
        if (from is not null && ownAddresses.Contains(from.Address, StringComparer.OrdinalIgnoreCase))
        {
            return "loop: sent from our own address";
        }

        if (headers["Auto-Submitted"] is { } auto && !auto.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"auto-reply: Auto-Submitted: {auto.Trim()}";
        }

        if (headers["X-Autoreply"] is not null || headers["X-Autorespond"] is not null || headers["X-Autoresponder"] is not null)
        {
            return "auto-reply: X-Autoreply/X-Autorespond header";
        }

        if (headers["Precedence"] is { } precedence &&
            precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
        {
            return $"bulk: Precedence: {precedence.Trim()}";
        }

        if (headers["List-Id"] is not null)
        {
            return "mailing list: List-Id header";
        }

        return null;
    }

    public static MailboxAddress? Sender(MimeMessage message) =>
        message.From.Mailboxes.FirstOrDefault() ?? message.Sender;

    /// <summary>The incident a reply is about: [INC-000123] in the subject, or our Message-ID/thread id in In-Reply-To or References.</summary>
    public static (string? FromSubject, IReadOnlyList<string> MessageIds) References(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var match = SubjectReference().Match(message.Subject ?? "");
        var ids = new List<string>();
        if (!string.IsNullOrEmpty(message.InReplyTo))
        {
            ids.Add(message.InReplyTo);
        }

        ids.AddRange(message.References);
        return (match.Success ? match.Groups[1].Value : null, ids.Distinct(StringComparer.Ordinal).ToList());
    }

    public static string? FromThreadId(string messageId) => ThreadReference().Match(messageId) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The mail's text: its text part, or its HTML converted to text (markup dropped, never rendered).</summary>
    public static string Text(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!string.IsNullOrWhiteSpace(message.TextBody))
        {
            return message.TextBody.Trim();
        }

        if (!string.IsNullOrWhiteSpace(message.HtmlBody))
        {
            return HtmlText(message.HtmlBody);
        }

        return "";
    }

    private static readonly HashSet<string> Breaks = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol",
    };

    /// <summary>
    /// HTML to plain text with MimeKit's tokenizer: the text of the document (entities decoded), line
    /// breaks at block elements, nothing of script, style or head. No markup survives.
    /// </summary>
    public static string HtmlText(string html)
    {
        var text = new System.Text.StringBuilder();
        var skip = 0;
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Name is "script" or "style" or "head" or "title":
                    if (!tag.IsEmptyElement)
                    {
                        skip = Math.Max(0, skip + (tag.IsEndTag ? -1 : 1));
                    }

                    break;
                case HtmlTagToken tag when Breaks.Contains(tag.Name):
                    text.Append('\n');
                    break;
                case HtmlDataToken data when skip == 0:
                    text.Append(data.Data);
                    break;
            }
        }

        var lines = text.ToString().Replace("\r", "", StringComparison.Ordinal).Split('\n')
            .Select(l => string.Join(' ', l.Split([' ', '\t', '\u00a0'], StringSplitOptions.RemoveEmptyEntries)));
        return string.Join('\n', lines).Trim();
    }
}
