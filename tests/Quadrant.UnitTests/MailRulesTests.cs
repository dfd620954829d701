using MimeKit;
using Quadrant.Modules.Mail.Contracts;
using Quadrant.Modules.Mail.Domain;
using Quadrant.Modules.Mail.Receiving;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.UnitTests;

public class MailRulesTests
{
    private static MimeMessage Message(params (string Name, string Value)[] headers)
    {
        var m = new MimeMessage();
        m.From.Add(MailboxAddress.Parse("pat@example.test"));
        m.Subject = "Hello";
        foreach (var (name, value) in headers)
        {
            m.Headers.Add(name, value);
        }

        return m;
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied")]
    [InlineData("Auto-Submitted", "auto-generated")]
    [InlineData("X-Autoreply", "yes")]
    [InlineData("X-Autorespond", "Out of office")]
    [InlineData("Precedence", "bulk")]
    [InlineData("Precedence", "JUNK")]
    [InlineData("Precedence", "list")]
    [InlineData("List-Id", "<team.example.test>")]
    [InlineData("X-Quadrant-Ref", "INC-000001")]
    public void Automatic_and_looping_mail_is_recognised(string header, string value) =>
        Assert.NotNull(InboundRules.AutomaticReason(Message((header, value)), []));

    [Fact]
    public void A_person_writing_is_not_automatic()
    {
        Assert.Null(InboundRules.AutomaticReason(Message(("Auto-Submitted", "no"), ("Precedence", "normal")), ["desk@quadrant.test"]));
        Assert.NotNull(InboundRules.AutomaticReason(Message(), ["PAT@example.test"]));
    }

    [Fact]
    public void References_come_from_the_subject_or_the_thread()
    {
        var m = Message();
        m.Subject = "RE: AW: [INC-000042] Printer";
        m.InReplyTo = "abc@x";
        m.References.Add("quadrant.INC-000007@desk.test");
        var (subject, ids) = InboundRules.References(m);
        Assert.Equal("INC-000042", subject);
        Assert.Equal(["abc@x", "quadrant.INC-000007@desk.test"], ids);
        Assert.Equal("INC-000007", InboundRules.FromThreadId("quadrant.INC-000007@desk.test"));
        Assert.Null(InboundRules.FromThreadId("INC-000007@desk.test"));
    }

    [Fact]
    public void Html_becomes_text_without_markup_scripts_or_styles()
    {
        var text = InboundRules.HtmlText("<html><head><title>t</title><style>p{}</style></head><body><script>evil()</script><p>A &amp; B</p><div>C<br>D</div><img src=x onerror=y></body></html>");
        Assert.DoesNotContain("evil", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<", text, StringComparison.Ordinal);
        Assert.Contains("A & B", text, StringComparison.Ordinal);
        Assert.Contains("C\nD", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_name_unknown_placeholders_by_field_and_escape_html()
    {
        var errors = MailTemplateCatalog.Unknown(MailTemplateKeys.IncidentCreated, new TemplateText("{{incident.title}}", "{{comment.body}}", "{{ link }}"));
        Assert.Equal(["textBody"], errors.Keys);
        var rendered = MailTemplateCatalog.Render(new TemplateText("A {{x}}\r\nBcc: evil@x", "{{x}}", "<i>{{x}}</i>"),
            new Dictionary<string, string> { ["x"] = "<script>&" });
        Assert.Equal("A <script>&  Bcc: evil@x", rendered.Subject);
        Assert.Equal("<script>&", rendered.TextBody);
        Assert.Equal("<i>&lt;script&gt;&amp;</i>", rendered.HtmlBody);
        Assert.All(MailTemplateKeys.All, k => Assert.Empty(MailTemplateCatalog.Unknown(k, MailTemplateCatalog.Defaults[k])));
    }

    [Fact]
    public void Backoff_doubles_up_to_an_hour()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), OutboxMessage.Backoff(1));
        Assert.Equal(TimeSpan.FromMinutes(8), OutboxMessage.Backoff(4));
        Assert.Equal(TimeSpan.FromMinutes(60), OutboxMessage.Backoff(12));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\report.pdf", "report.pdf")]
    [InlineData("..hidden.txt", "hidden.txt")]
    [InlineData("a<b>:c|d?.png", "a_b__c_d_.png")]
    [InlineData("", "file")]
    [InlineData("evil\u202Egnp.exe", "evil_gnp.exe")]
    public void File_names_are_made_safe(string given, string expected) => Assert.Equal(expected, AttachmentRules.SanitizeFileName(given));

    [Fact]
    public void Content_must_match_the_extension()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0];
        Assert.Null(AttachmentRules.Refusal("a.png", png, 100, out var type));
        Assert.Equal("image/png", type);
        Assert.Equal(415, AttachmentRules.Refusal("a.jpg", png, 100, out _)!.Value.Status);
        Assert.Equal(415, AttachmentRules.Refusal("a.exe", png, 100, out _)!.Value.Status);
        Assert.Equal(415, AttachmentRules.Refusal("a.txt", "MZ\0\0"u8.ToArray(), 100, out _)!.Value.Status);
        Assert.Equal(413, AttachmentRules.Refusal("a.png", png, 5, out _)!.Value.Status);
        Assert.Null(AttachmentRules.Refusal("notes.txt", "Grüße"u8.ToArray(), 100, out _));
    }
}
