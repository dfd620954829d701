using System.Net;
using System.Text.RegularExpressions;
using Quadrant.Modules.Mail.Contracts;

namespace Quadrant.Modules.Mail.Domain;

/// <summary>An edited template (a key without a row uses its default text).</summary>
internal sealed class MailTemplate
{
    public const int MaxSubject = 300;
    public const int MaxBody = 20_000;

    private MailTemplate()
    {
    }

    public string Key { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string TextBody { get; private set; } = "";

    public string HtmlBody { get; private set; } = "";

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public static MailTemplate Create(string key, string subject, string text, string html, DateTime now) =>
        new() { Key = key, Subject = subject, TextBody = text, HtmlBody = html, UpdatedAt = now };

    public void Update(string subject, string text, string html, DateTime now)
    {
        Subject = subject;
        TextBody = text;
        HtmlBody = html;
        UpdatedAt = now;
    }
}

/// <summary>A template's text: subject, plain-text body and HTML body.</summary>
public sealed record TemplateText(string Subject, string TextBody, string HtmlBody);

/// <summary>The default texts and the placeholders each template may use.</summary>
internal static partial class MailTemplateCatalog
{
    private static readonly string[] IncidentFields = ["incident.reference", "incident.title", "incident.status", "incident.priority", "recipient.name", "link"];

    public static IReadOnlyDictionary<string, string[]> Placeholders { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [MailTemplateKeys.IncidentCreated] = IncidentFields,
        [MailTemplateKeys.IncidentAssigned] = IncidentFields,
        [MailTemplateKeys.IncidentCommented] = [.. IncidentFields, "comment.author", "comment.body"],
        [MailTemplateKeys.IncidentResolved] = [.. IncidentFields, "resolution.code", "resolution.notes"],
        [MailTemplateKeys.SlaWarning] = [.. IncidentFields, "sla.metric", "sla.percent"],
        [MailTemplateKeys.SlaBreach] = [.. IncidentFields, "sla.metric", "sla.percent"],
        [MailTemplateKeys.SurveyInvitation] = ["incident.reference", "incident.title", "recipient.name", "link"],
        [MailTemplateKeys.MajorUpdate] = ["incident.reference", "incident.title", "recipient.name", "update.body", "update.author", "link"],
    };

    public static IReadOnlyDictionary<string, TemplateText> Defaults { get; } = new Dictionary<string, TemplateText>(StringComparer.Ordinal)
    {
        [MailTemplateKeys.IncidentCreated] = new(
            "We received your request: {{incident.title}}",
            "Hello {{recipient.name}},\n\nwe recorded your incident {{incident.reference}} \"{{incident.title}}\" (priority {{incident.priority}}).\nReply to this mail to add information.\n\nFollow it here: {{link}}\n",
            "<p>Hello {{recipient.name}},</p><p>we recorded your incident <b>{{incident.reference}}</b> “{{incident.title}}” (priority {{incident.priority}}).<br>Reply to this mail to add information.</p><p><a href=\"{{link}}\">Follow it here</a></p>"),
        [MailTemplateKeys.IncidentAssigned] = new(
            "Assigned to you: {{incident.title}}",
            "Hello {{recipient.name}},\n\n{{incident.reference}} \"{{incident.title}}\" (priority {{incident.priority}}) is assigned to you.\n\n{{link}}\n",
            "<p>Hello {{recipient.name}},</p><p><b>{{incident.reference}}</b> “{{incident.title}}” (priority {{incident.priority}}) is assigned to you.</p><p><a href=\"{{link}}\">Open the incident</a></p>"),
        [MailTemplateKeys.IncidentCommented] = new(
            "New comment: {{incident.title}}",
            "Hello {{recipient.name}},\n\n{{comment.author}} wrote on {{incident.reference}}:\n\n{{comment.body}}\n\nReply to this mail to answer, or open {{link}}\n",
            "<p>Hello {{recipient.name}},</p><p>{{comment.author}} wrote on <b>{{incident.reference}}</b>:</p><blockquote style=\"white-space:pre-wrap\">{{comment.body}}</blockquote><p>Reply to this mail to answer, or <a href=\"{{link}}\">open the incident</a>.</p>"),
        [MailTemplateKeys.IncidentResolved] = new(
            "Resolved: {{incident.title}}",
            "Hello {{recipient.name}},\n\nwe resolved {{incident.reference}} \"{{incident.title}}\".\n\n{{resolution.notes}}\n\nIs it fixed for you? Confirm or reopen it here: {{link}}\n(or reply to this mail if it is not fixed)\n",
            "<p>Hello {{recipient.name}},</p><p>we resolved <b>{{incident.reference}}</b> “{{incident.title}}”.</p><blockquote style=\"white-space:pre-wrap\">{{resolution.notes}}</blockquote><p>Is it fixed for you? <a href=\"{{link}}\">Confirm or reopen it</a> (or reply to this mail if it is not fixed).</p>"),
        [MailTemplateKeys.SlaWarning] = new(
            "SLA warning: {{incident.title}} at {{sla.percent}} %",
            "Hello {{recipient.name}},\n\n{{incident.reference}} \"{{incident.title}}\" has used {{sla.percent}} % of its {{sla.metric}} target.\n\n{{link}}\n",
            "<p>Hello {{recipient.name}},</p><p><b>{{incident.reference}}</b> “{{incident.title}}” has used {{sla.percent}} % of its {{sla.metric}} target.</p><p><a href=\"{{link}}\">Open the incident</a></p>"),
        [MailTemplateKeys.SlaBreach] = new(
            "SLA breached: {{incident.title}}",
            "Hello {{recipient.name}},\n\n{{incident.reference}} \"{{incident.title}}\" missed its {{sla.metric}} target.\n\n{{link}}\n",
            "<p>Hello {{recipient.name}},</p><p><b>{{incident.reference}}</b> “{{incident.title}}” missed its {{sla.metric}} target.</p><p><a href=\"{{link}}\">Open the incident</a></p>"),
        [MailTemplateKeys.SurveyInvitation] = new(
            "How did we do? {{incident.title}}",
            "Hello {{recipient.name}},\n\nplease tell us how we handled {{incident.reference}} \"{{incident.title}}\": {{link}}\n",
            "<p>Hello {{recipient.name}},</p><p>please tell us how we handled <b>{{incident.reference}}</b> “{{incident.title}}”: <a href=\"{{link}}\">take the short survey</a>.</p>"),
        [MailTemplateKeys.MajorUpdate] = new(
            "Service disruption update: {{incident.title}}",
            "Hello {{recipient.name}},\n\nan update on the disruption {{incident.reference}} \"{{incident.title}}\" from {{update.author}}:\n\n{{update.body}}\n\nFollow it here: {{link}}\n",
            "<p>Hello {{recipient.name}},</p><p>an update on the disruption <b>{{incident.reference}}</b> “{{incident.title}}” from {{update.author}}:</p><p style=\"white-space: pre-line\">{{update.body}}</p><p><a href=\"{{link}}\">Follow it here</a></p>"),
    };

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    public static IEnumerable<string> PlaceholdersIn(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>Errors by field (subject, textBody, htmlBody) for placeholders the template does not know.</summary>
    public static Dictionary<string, string> Unknown(string key, TemplateText text)
    {
        var allowed = Placeholders[key];
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in new[] { ("subject", text.Subject), ("textBody", text.TextBody), ("htmlBody", text.HtmlBody) })
        {
            var unknown = PlaceholdersIn(value ?? "").Where(p => !allowed.Contains(p, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                errors[field] = $"Unknown placeholder{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "{{" + u + "}}"))}. " +
                                $"This template knows {string.Join(", ", allowed.Select(a => "{{" + a + "}}"))}.";
            }
        }

        return errors;
    }

    /// <summary>
    /// Fills the placeholders. In HTML every value is HTML-escaped (a title like &lt;script&gt; is shown,
    /// never run); in the subject line breaks are removed (no header injection).
    /// </summary>
    public static TemplateText Render(TemplateText template, IReadOnlyDictionary<string, string> model)
    {
        ArgumentNullException.ThrowIfNull(template);
        string Fill(string text, Func<string, string> encode) =>
            Placeholder().Replace(text, m => encode(model.TryGetValue(m.Groups[1].Value, out var v) ? v : ""));

        var subject = Fill(template.Subject, v => v).Replace('\r', ' ').Replace('\n', ' ').Trim();
        return new TemplateText(subject, Fill(template.TextBody, v => v), Fill(template.HtmlBody, WebUtility.HtmlEncode));
    }

    /// <summary>Sample values for the editor's preview.</summary>
    public static IReadOnlyDictionary<string, string> Sample(string publicUrl) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["incident.reference"] = "INC-000123",
        ["incident.title"] = "Printer on floor 3 <jams> & stops",
        ["incident.status"] = "inProgress",
        ["incident.priority"] = "2",
        ["recipient.name"] = "Alex Example",
        ["link"] = publicUrl.TrimEnd('/') + "/incidents",
        ["comment.author"] = "Sam Agent",
        ["comment.body"] = "We ordered a new drum.\nIt arrives tomorrow.",
        ["resolution.code"] = "fixed",
        ["resolution.notes"] = "Replaced the drum unit.",
        ["sla.metric"] = "resolution",
        ["sla.percent"] = "80",
    };

    public static string Describe(string key) => key switch
    {
        MailTemplateKeys.IncidentCreated => "Incident created (to the requester)",
        MailTemplateKeys.IncidentAssigned => "Incident assigned (to the assignee)",
        MailTemplateKeys.IncidentCommented => "Comment added (public comment → requester; requester's comment → assignee)",
        MailTemplateKeys.IncidentResolved => "Incident resolved (to the requester, with the confirm/reopen link)",
        MailTemplateKeys.SlaWarning => "SLA warning threshold crossed (to the assignee)",
        MailTemplateKeys.SlaBreach => "SLA target missed (to the assignee)",
        MailTemplateKeys.SurveyInvitation => "Satisfaction survey invitation (to the requester)",
        _ => key,
    };

}
