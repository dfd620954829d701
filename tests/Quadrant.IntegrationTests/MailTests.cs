using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.IntegrationTests.Infrastructure;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Mail.Domain;
using Quadrant.Modules.Mail.Receiving;
using Quadrant.Modules.Mail.Sending;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.IntegrationTests;

/// <summary>Mail out through a real SMTP server (smtp4dev) and in from a real IMAP server (dovecot).</summary>
public abstract class MailTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private const string From = "desk@quadrant.test";

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@example.test";

    private async Task<Guid> EnableMailAsync(Guid? defaultService = null, string unknownSenders = "createRequester", int? port = null)
    {
        var (host, smtpPort) = MailServers.Smtp;
        var response = await Admin.PutAsJsonAsync("/api/v1/mail/settings", new
        {
            enabled = true, smtpHost = host, smtpPort = port ?? smtpPort, smtpSecurity = "none", smtpUser = "", smtpPassword = "",
            fromAddress = From, fromName = "Quadrant desk", unknownSenders, defaultServiceId = defaultService,
        });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return defaultService ?? Guid.Empty;
    }

    private Task<int> SendOutboxAsync() => Factory.Services.GetRequiredService<OutboxSenderJob>().RunNowAsync(CancellationToken.None);

    private Task<int> PollAsync()
    {
        Factory.Time.Advance(TimeSpan.FromMinutes(5));
        return Factory.Services.GetRequiredService<MailboxPollerJob>().RunNowAsync(CancellationToken.None);
    }

    private async Task<JsonElement> CreateIncidentAsync(HttpClient client, Guid service, string title, Guid? assignee = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/incidents", new { title, description = "It broke.", serviceId = service, assigneeId = assignee });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    [Fact]
    public async Task Service_desk_events_mail_the_right_people_with_threading_headers()
    {
        var service = (await CreateServiceAsync("Printing")).GetProperty("id").GetGuid();
        await EnableMailAsync();
        var requesterEmail = Unique("requester");
        var agentEmail = Unique("agent");
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester", requesterEmail);
        var (_, agentId) = await Factory.UserClientAsync(Admin, "Agent", agentEmail);

        var incident = await CreateIncidentAsync(requester, service, "Printer <b>jams</b> & stops");
        var id = incident.GetProperty("id").GetGuid();
        var reference = incident.GetProperty("reference").GetString()!;
        var queued = await WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().ToListAsync());
        var created = Assert.Single(queued);
        Assert.Equal(OutboxStatus.Queued, created.Status);

        Assert.Equal(1, await SendOutboxAsync());
        var mail = Assert.Single(await MailServers.ReceivedForAsync(requesterEmail));
        Assert.Equal($"[{reference}] We received your request: Printer <b>jams</b> & stops", mail.Subject);
        Assert.Equal(reference, mail.Headers["X-Quadrant-Ref"]);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        Assert.Equal(created.MessageId, mail.MessageId);
        Assert.Equal($"quadrant.{reference}@quadrant.test", mail.InReplyTo);
        Assert.Equal(From, mail.From.Mailboxes.Single().Address);
        Assert.Contains("Printer <b>jams</b> & stops", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Printer &lt;b&gt;jams&lt;/b&gt; &amp; stops", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"/incidents/{id}", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Sent, (await WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync())).Status);

        // Assigned: the assignee hears of it.
        var body = new { title = "Printer <b>jams</b> & stops", description = "It broke.", serviceId = service, assigneeId = agentId };
        var updated = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incidents/{id}", "\"1\"", body);
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        // A public comment goes to the requester; a work note goes nowhere.
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync($"/api/v1/incidents/{id}/comments", new { body = "We ordered a drum.", isPublic = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync($"/api/v1/incidents/{id}/comments", new { body = "internal only", isPublic = false })).StatusCode);
        // The requester's comment goes to the assignee.
        Assert.Equal(HttpStatusCode.Created, (await requester.PostAsJsonAsync($"/api/v1/incidents/{id}/comments", new { body = "Still broken today." })).StatusCode);
        // Resolved: the requester gets the confirm/reopen link.
        var resolved = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/transitions", "\"2\"",
            new { to = "resolved", resolutionCode = "fixed", resolutionNotes = "Replaced the drum." });
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());

        Assert.Equal(4, await SendOutboxAsync());
        var toAgent = await MailServers.ReceivedForAsync(agentEmail, 2);
        Assert.Contains(toAgent, m => m.Subject == $"[{reference}] Assigned to you: Printer <b>jams</b> & stops");
        Assert.Contains(toAgent, m => (m.Subject ?? "").Contains("New comment", StringComparison.Ordinal) && (m.TextBody ?? "").Contains("Still broken today.", StringComparison.Ordinal));
        var toRequester = await MailServers.ReceivedForAsync(requesterEmail, 3);
        Assert.Equal(3, toRequester.Count);
        Assert.Contains(toRequester, m => (m.TextBody ?? "").Contains("We ordered a drum.", StringComparison.Ordinal));
        Assert.DoesNotContain(toRequester, m => (m.TextBody ?? "").Contains("internal only", StringComparison.Ordinal));
        Assert.Contains(toRequester, m => m.Subject == $"[{reference}] Resolved: Printer <b>jams</b> & stops" && (m.TextBody ?? "").Contains("Replaced the drum.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Confirming_a_resolution_mails_the_survey_invitation_whose_link_answers_the_survey_without_signing_in()
    {
        var service = (await CreateServiceAsync("Printing")).GetProperty("id").GetGuid();
        await EnableMailAsync();
        var requesterEmail = Unique("requester");
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester", requesterEmail);
        var incident = await CreateIncidentAsync(requester, service, "Scanner offline");
        var id = incident.GetProperty("id").GetGuid();
        var resolved = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/transitions", "\"1\"",
            new { to = "resolved", resolutionCode = "fixed", resolutionNotes = "Restarted it." });
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
        var confirmed = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/confirm-resolution", $"\"{(await BodyAsync(resolved)).GetProperty("version").GetInt32()}\"", new { }, requester);
        Assert.True(confirmed.StatusCode == HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());

        Assert.Equal(3, await SendOutboxAsync()); // created, resolved, survey
        var survey = Assert.Single(await MailServers.ReceivedForAsync(requesterEmail, 3), m => (m.Subject ?? "").Contains("Scanner offline", StringComparison.Ordinal)
            && (m.TextBody ?? "").Contains("/survey/", StringComparison.Ordinal));
        var token = System.Text.RegularExpressions.Regex.Match(survey.TextBody!, "/survey/([A-Za-z0-9_-]+)").Groups[1].Value;
        Assert.NotEmpty(token);

        using var anonymous = Factory.CreateClient();
        var answered = await anonymous.PostAsJsonAsync("/api/v1/surveys/by-link/answer", new { token, rating = 5, comment = "Quick, thanks." });
        Assert.True(answered.IsSuccessStatusCode, await answered.Content.ReadAsStringAsync());
        Assert.Equal(5, (await BodyAsync(await requester.GetAsync($"/api/v1/incidents/{id}/survey"))).GetProperty("rating").GetInt32());

        // The e-mails are on the incident's timeline for the desk, not for the requester.
        static List<JsonElement> Mails(JsonElement timeline) =>
            timeline.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "email.sent").ToList();
        var mails = Mails(await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{id}/timeline")));
        Assert.Equal(3, mails.Count);
        Assert.All(mails, m => Assert.Contains($"E-mail to {requesterEmail} (sent)", m.GetProperty("title").GetString(), StringComparison.Ordinal));
        Assert.Empty(Mails(await BodyAsync(await requester.GetAsync($"/api/v1/incidents/{id}/timeline"))));
    }

    [Fact]
    public async Task A_communicated_major_incident_update_is_mailed_to_the_requester()
    {
        var service = (await CreateServiceAsync("Payments")).GetProperty("id").GetGuid();
        await EnableMailAsync();
        var requesterEmail = Unique("requester");
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester", requesterEmail);
        var incident = await CreateIncidentAsync(requester, service, "Card payments fail");
        var id = incident.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/major", "\"1\"", new { reason = "All shops." })).StatusCode);
        Assert.Equal(1, await SendOutboxAsync()); // the created mail

        var internalOnly = await BodyAsync(await Admin.PostAsJsonAsync($"/api/v1/incidents/{id}/major-updates", new { body = "Bridge opened." }));
        Assert.Equal(JsonValueKind.Null, internalOnly.GetProperty("deliveredAt").ValueKind);
        var told = await BodyAsync(await Admin.PostAsJsonAsync($"/api/v1/incidents/{id}/major-updates",
            new { body = "Payments fail <everywhere>; next update in 30 minutes.", communicate = true }));
        Assert.NotEqual(JsonValueKind.Null, told.GetProperty("deliveredAt").ValueKind);

        Assert.Equal(1, await SendOutboxAsync());
        var update = Assert.Single(await MailServers.ReceivedForAsync(requesterEmail, 2), m => (m.Subject ?? "").Contains("Service disruption update", StringComparison.Ordinal));
        Assert.Contains("Payments fail <everywhere>; next update in 30 minutes.", update.TextBody, StringComparison.Ordinal);
        Assert.Contains("Payments fail &lt;everywhere&gt;", update.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(incident.GetProperty("reference").GetString(), update.Headers["X-Quadrant-Ref"]);
    }

    [Fact]
    public async Task SLA_warnings_and_breaches_mail_the_assignee()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        await EnableMailAsync();
        var agentEmail = Unique("sla-agent");
        var (_, agentId) = await Factory.UserClientAsync(Admin, "Agent", agentEmail);
        var created = await Admin.PostAsJsonAsync("/api/v1/incidents",
            new { title = "Payroll down", serviceId = service, customerId = customer, impact = "high", urgency = "high", assigneeId = agentId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reference = (await BodyAsync(created)).GetProperty("reference").GetString();
        var crossings = Factory.Services.GetRequiredService<Quadrant.Modules.Catalogue.Sla.ClockCrossingJob>();

        Factory.Time.Advance(TimeSpan.FromMinutes(16)); // 50 % of the 30-minute first response
        await crossings.RunNowAsync(CancellationToken.None);
        Factory.Time.Advance(TimeSpan.FromMinutes(15)); // 90 % and the breach
        await crossings.RunNowAsync(CancellationToken.None);
        await SendOutboxAsync();

        var mails = await MailServers.ReceivedForAsync(agentEmail, 4);
        Assert.Contains(mails, m => m.Subject == $"[{reference}] Assigned to you: Payroll down");
        Assert.Contains(mails, m => m.Subject == $"[{reference}] SLA warning: Payroll down at 50 %" && (m.TextBody ?? "").Contains("first response", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Subject == $"[{reference}] SLA warning: Payroll down at 90 %");
        Assert.Contains(mails, m => m.Subject == $"[{reference}] SLA breached: Payroll down");
    }

    [Fact]
    public async Task Nothing_is_queued_while_mail_is_disabled_and_a_rolled_back_change_queues_nothing()
    {
        var service = (await CreateServiceAsync("Printing")).GetProperty("id").GetGuid();
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester", Unique("quiet"));
        await CreateIncidentAsync(requester, service, "No mail yet");
        Assert.Equal(0, await CountAsync<OutboxMessage>());

        await EnableMailAsync();
        // Invalid create: nothing recorded, nothing queued.
        Assert.Equal(HttpStatusCode.BadRequest, (await requester.PostAsJsonAsync("/api/v1/incidents", new { title = "", serviceId = service })).StatusCode);
        Assert.Equal(0, await CountAsync<OutboxMessage>());
    }

    [Fact]
    public async Task A_failing_server_is_retried_with_backoff_then_marked_failed_and_can_be_retried()
    {
        var service = (await CreateServiceAsync("Printing")).GetProperty("id").GetGuid();
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await EnableMailAsync(port: closedPort);
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester", Unique("retry"));
        await CreateIncidentAsync(requester, service, "Retry me");

        Assert.Equal(1, await SendOutboxAsync());
        var row = await WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync());
        Assert.Equal(OutboxStatus.Queued, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.LastError);
        Assert.True(row.NextAttemptAt > Factory.Time.GetUtcNow().UtcDateTime, "backoff puts the next attempt in the future");
        Assert.Equal(0, await SendOutboxAsync()); // not due yet

        for (var i = 2; i <= 6; i++)
        {
            Factory.Time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(1, await SendOutboxAsync());
        }

        row = await WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync());
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Equal(6, row.Attempts);
        var failed = await BodyAsync(await Admin.GetAsync("/api/v1/mail/outbox?status=failed"));
        Assert.Equal(row.Id, failed.EnumerateArray().Single().GetProperty("id").GetGuid());
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/mail/outbox?status=lost"), HttpStatusCode.BadRequest, "status");

        // Fixed server, retried: sent.
        await EnableMailAsync();
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/api/v1/mail/outbox/{row.Id}/retry", null)).StatusCode);
        await AssertProblemAsync(await Admin.PostAsync($"/api/v1/mail/outbox/{row.Id}/retry", null), HttpStatusCode.Conflict);
        Assert.Equal(1, await SendOutboxAsync());
        Assert.Equal(OutboxStatus.Sent, (await WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync())).Status);
    }

    [Fact]
    public async Task Settings_never_reveal_the_password_and_validate_fields()
    {
        var put = await Admin.PutAsJsonAsync("/api/v1/mail/settings", new
        {
            enabled = false, smtpHost = "smtp.example.test", smtpPort = 587, smtpSecurity = "startTls", smtpUser = "desk", smtpPassword = "Sup3r-Secret-Pw",
            fromAddress = From, fromName = "Desk", unknownSenders = "reject",
        });
        var text = await put.Content.ReadAsStringAsync();
        Assert.True(put.StatusCode == HttpStatusCode.OK, text);
        Assert.DoesNotContain("Sup3r-Secret-Pw", text, StringComparison.Ordinal);
        var got = await Admin.GetStringAsync("/api/v1/mail/settings");
        Assert.DoesNotContain("Sup3r-Secret-Pw", got, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(got).RootElement.GetProperty("passwordSet").GetBoolean());
        var audit = await WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(e => e.RecordType == "MailSettings").ToListAsync());
        Assert.NotEmpty(audit);
        Assert.DoesNotContain(audit, e => e.Changes.Contains("Sup3r-Secret-Pw", StringComparison.Ordinal));

        // A null password keeps the stored one.
        await Admin.PutAsJsonAsync("/api/v1/mail/settings", new { enabled = false, smtpHost = "smtp.example.test", fromAddress = From });
        Assert.True((await BodyAsync(await Admin.GetAsync("/api/v1/mail/settings"))).GetProperty("passwordSet").GetBoolean());

        await AssertProblemAsync(await Admin.PutAsJsonAsync("/api/v1/mail/settings", new { enabled = true, fromAddress = From }), HttpStatusCode.BadRequest, "smtpHost");
        await AssertProblemAsync(await Admin.PutAsJsonAsync("/api/v1/mail/settings", new { enabled = false, fromAddress = "not-an-address" }), HttpStatusCode.BadRequest, "fromAddress");
        await AssertProblemAsync(await Admin.PutAsJsonAsync("/api/v1/mail/settings", new { enabled = false, smtpPort = 70000 }), HttpStatusCode.BadRequest, "smtpPort");
        await AssertProblemAsync(await Admin.PutAsJsonAsync("/api/v1/mail/settings", new { enabled = false, defaultServiceId = Guid.NewGuid() }), HttpStatusCode.BadRequest, "defaultServiceId");
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/mail/settings")).StatusCode);
    }

    [Fact]
    public async Task Templates_are_edited_previewed_validated_and_used_and_a_test_mail_arrives()
    {
        var list = await BodyAsync(await Admin.GetAsync("/api/v1/mail/templates"));
        Assert.Equal(8, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), t => Assert.True(t.GetProperty("isDefault").GetBoolean()));

        var unknown = await Admin.PutAsJsonAsync("/api/v1/mail/templates/incident.created", new { subject = "Hi {{incident.titel}}", textBody = "x" });
        var problem = await AssertProblemAsync(unknown, HttpStatusCode.BadRequest, "subject");
        Assert.Contains("{{incident.titel}}", problem.GetProperty("errors").GetProperty("subject")[0].GetString(), StringComparison.Ordinal);
        await AssertProblemAsync(await Admin.PutAsJsonAsync("/api/v1/mail/templates/incident.created", new { subject = "ok", textBody = "", htmlBody = "{{nope}}" }),
            HttpStatusCode.BadRequest, "htmlBody");
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PutAsJsonAsync("/api/v1/mail/templates/no.such", new { subject = "a", textBody = "b" })).StatusCode);

        var preview = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/mail/templates/incident.created/preview",
            new { subject = "Got {{incident.title}}", textBody = "T {{incident.title}}", htmlBody = "<p>{{incident.title}}</p>" }));
        Assert.Equal("<p>Printer on floor 3 &lt;jams&gt; &amp; stops</p>", preview.GetProperty("htmlBody").GetString());
        Assert.Equal("Got Printer on floor 3 <jams> & stops", preview.GetProperty("subject").GetString());

        var saved = await Admin.PutAsJsonAsync("/api/v1/mail/templates/incident.created",
            new { subject = "Ticket [{{incident.reference}}] opened", textBody = "Dear {{recipient.name}}, noted: {{incident.title}}", htmlBody = "" });
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());

        var service = (await CreateServiceAsync("Printing")).GetProperty("id").GetGuid();
        await EnableMailAsync();
        var email = Unique("templated");
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester", email);
        var incident = await CreateIncidentAsync(requester, service, "Scanner");
        await SendOutboxAsync();
        var mail = Assert.Single(await MailServers.ReceivedForAsync(email));
        var reference = incident.GetProperty("reference").GetString();
        // The reference already in the subject is not added twice.
        Assert.Equal($"Ticket [{reference}] opened", mail.Subject);
        Assert.Contains("Dear Requester user, noted: Scanner", mail.TextBody, StringComparison.Ordinal);

        var reset = await BodyAsync(await Admin.DeleteAsync("/api/v1/mail/templates/incident.created"));
        Assert.True(reset.GetProperty("isDefault").GetBoolean());

        var to = Unique("test-mail");
        var test = await Admin.PostAsJsonAsync("/api/v1/mail/test", new { to });
        Assert.True(test.StatusCode == HttpStatusCode.OK, await test.Content.ReadAsStringAsync());
        Assert.Equal("Quadrant test mail", Assert.Single(await MailServers.ReceivedForAsync(to)).Subject);
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/mail/test", new { to = "nobody" }), HttpStatusCode.BadRequest, "to");
    }

    private async Task<(Guid Service, string User)> MailboxAsync(string unknownSenders = "createRequester")
    {
        var service = (await CreateServiceAsync("Email desk")).GetProperty("id").GetGuid();
        await EnableMailAsync(service, unknownSenders);
        var user = $"box{Guid.NewGuid():N}";
        var (host, port) = MailServers.Imap;
        var created = await Admin.PostAsJsonAsync("/api/v1/mail/mailboxes", new
        {
            name = "Service desk", host, port, security = "none", user, password = MailServers.ImapPassword, folder = "INBOX",
            processedFolder = "Processed", pollSeconds = 60,
        });
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, text);
        Assert.DoesNotContain(MailServers.ImapPassword, text, StringComparison.Ordinal);
        return (service, user);
    }

    private static string Mail(string from, string subject, string body, string extraHeaders = "", string? messageId = null) =>
        $"From: {from}\nTo: desk@quadrant.test\nSubject: {subject}\nMessage-ID: <{messageId ?? Guid.NewGuid().ToString("N")}@mail.example.test>\n" +
        $"Date: Tue, 24 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\n{extraHeaders}Content-Type: text/plain; charset=utf-8\n\n{body}\n";

    private async Task<List<InboundMessage>> InboundAsync() =>
        await WithDbAsync(db => db.Set<InboundMessage>().AsNoTracking().OrderBy(m => m.Uid).ToListAsync());

    [Fact]
    public async Task New_mail_becomes_an_incident_and_replies_become_comments()
    {
        var (_, box) = await MailboxAsync();
        var sender = Unique("new.person");
        await MailServers.AppendAsync(box, Mail($"\"Pat Person\" <{sender}>", "VPN does not connect", "Since this morning the VPN fails.\nError 809."));
        Assert.Equal(1, await PollAsync());

        var incident = await WithDbAsync(db => db.Set<Incident>().AsNoTracking().SingleAsync());
        Assert.Equal("VPN does not connect", incident.Title);
        Assert.Equal(IncidentSource.Email, incident.Source);
        Assert.Contains("Error 809.", incident.Description, StringComparison.Ordinal);
        var requester = await WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == sender));
        Assert.Equal("Pat Person", requester.DisplayName);
        Assert.Equal(incident.RequesterId, requester.Id);
        Assert.Equal(0, await MailServers.CountAsync(box, "INBOX"));
        Assert.Equal(1, await MailServers.CountAsync(box, "Processed"));

        // The acknowledgement went out; a reply names it in In-Reply-To (no reference in the subject).
        var ack = await WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync());
        Assert.Equal(incident.Reference, ack.Reference);
        await MailServers.AppendAsync(box, Mail(sender, "Re: your request", "Here is more detail.", $"In-Reply-To: <{ack.MessageId}>\n"));
        // A reply with the reference in the subject.
        await MailServers.AppendAsync(box, Mail(sender, $"RE: [{incident.Reference}] VPN", "And a screenshot later."));
        // Someone else replying to the thread is not let in.
        await MailServers.AppendAsync(box, Mail(Unique("stranger"), $"RE: [{incident.Reference}] VPN", "I want in."));
        Assert.Equal(3, await PollAsync());

        var comments = await WithDbAsync(db => db.Set<IncidentComment>().AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync());
        Assert.Equal(["Here is more detail.", "And a screenshot later."], comments.Select(c => c.Body));
        Assert.All(comments, c => Assert.True(c.IsPublic));
        Assert.All(comments, c => Assert.Equal(requester.Id, c.AuthorId));
        var inbound = await InboundAsync();
        Assert.Equal([InboundOutcome.Created, InboundOutcome.Commented, InboundOutcome.Commented, InboundOutcome.Ignored], inbound.Select(m => m.Outcome));

        // Polling again does nothing: every mail is recorded and moved.
        Assert.Equal(0, await PollAsync());
        Assert.Equal(1, await CountAsync<Incident>());
    }

    [Fact]
    public async Task Auto_replies_loops_and_malformed_mail_are_ignored_or_failed_and_the_poller_goes_on()
    {
        var (_, box) = await MailboxAsync();
        var person = Unique("someone");
        await MailServers.AppendAsync(box, Mail(person, "Out of office", "I am away.", "Auto-Submitted: auto-replied\n"));
        await MailServers.AppendAsync(box, Mail(person, "Away", "Away.", "X-Autoreply: yes\n"));
        await MailServers.AppendAsync(box, Mail(person, "Newsletter", "News.", "Precedence: bulk\n"));
        await MailServers.AppendAsync(box, Mail(person, "List post", "Post.", "List-Id: <team.lists.example.test>\n"));
        await MailServers.AppendAsync(box, Mail(From, "From ourselves", "Loop."));
        await MailServers.AppendAsync(box, Mail(person, "[INC-000001] Bounced copy", "Loop.", "X-Quadrant-Ref: INC-000001\n"));
        // No From at all.
        await MailServers.AppendAsync(box, "To: desk@quadrant.test\nSubject: nobody\nMessage-ID: <nofrom@x>\n\nwho am I\n");
        // Broken MIME: a multipart without its boundary, a bogus charset, broken base64.
        await MailServers.AppendAsync(box, $"From: {person}\nSubject: broken multipart\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nhalf\n");
        await MailServers.AppendAsync(box, $"From: {person}\nSubject: bogus charset\nMIME-Version: 1.0\nContent-Type: text/plain; charset=x-no-such-charset\nContent-Transfer-Encoding: base64\n\n!!!not base64@@@\n");
        // Too large (the tests' limit is 2 MB).
        await MailServers.AppendAsync(box, Mail(person, "huge", new string('x', 3 * 1024 * 1024)));
        // And a good one after all of them.
        await MailServers.AppendAsync(box, Mail(person, "Real problem", "The printer is on fire."));

        Assert.Equal(11, await PollAsync());
        var inbound = await InboundAsync();
        Assert.Equal(11, inbound.Count);
        Assert.Equal(6, inbound.Take(6).Count(m => m.Outcome == InboundOutcome.Ignored));
        Assert.Contains("auto-reply", inbound[0].Detail, StringComparison.Ordinal);
        Assert.Contains("loop", inbound[4].Detail, StringComparison.Ordinal);
        Assert.Contains("loop", inbound[5].Detail, StringComparison.Ordinal);
        Assert.Equal(InboundOutcome.Failed, inbound[6].Outcome);
        Assert.Equal(InboundOutcome.Failed, inbound[9].Outcome);
        Assert.Contains("too large", inbound[9].Detail, StringComparison.Ordinal);
        Assert.Equal(InboundOutcome.Created, inbound[10].Outcome);
        var titles = await WithDbAsync(db => db.Set<Incident>().AsNoTracking().Select(i => i.Title).ToListAsync());
        Assert.Contains("Real problem", titles);
        Assert.DoesNotContain("Out of office", titles);
        Assert.DoesNotContain("From ourselves", titles);
        Assert.Equal(0, await MailServers.CountAsync(box, "INBOX"));
    }

    [Fact]
    public async Task Encodings_html_only_mail_and_attachments_are_read()
    {
        var (_, box) = await MailboxAsync();
        var person = Unique("enc");
        var latin1 = Encoding.Latin1.GetBytes(
            $"From: {person}\r\nSubject: =?ISO-8859-1?Q?Dr=FCcker_kaputt?=\r\nMessage-ID: <latin@x>\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nDer Drucker im Büro druckt nur Blödsinn.\r\n");
        await MailServers.AppendRawAsync(box, latin1);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var sjis = Encoding.GetEncoding("shift_jis");
        var japanese = "プリンターが動きません";
        await MailServers.AppendAsync(box,
            $"From: {person}\nSubject: =?Shift_JIS?B?{Convert.ToBase64String(sjis.GetBytes("印刷できない"))}?=\nMessage-ID: <sjis@x>\nMIME-Version: 1.0\n" +
            $"Content-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: base64\n\n{Convert.ToBase64String(sjis.GetBytes(japanese))}\n");
        await MailServers.AppendAsync(box,
            $"From: {person}\nSubject: HTML only\nMessage-ID: <html@x>\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n" +
            "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><p>Line &amp; one</p><p>Line <b>two</b></p></body></html>\n");
        var png = Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4]);
        var exe = Convert.ToBase64String("MZ this is a program"u8.ToArray());
        await MailServers.AppendAsync(box,
            $"From: {person}\nSubject: With files\nMessage-ID: <files@x>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n" +
            "--b1\nContent-Type: text/plain; charset=utf-8\n\nSee the screenshot.\n" +
            $"--b1\nContent-Type: image/png\nContent-Disposition: attachment; filename=\"../../screen shot.png\"\nContent-Transfer-Encoding: base64\n\n{png}\n" +
            $"--b1\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"tool.exe\"\nContent-Transfer-Encoding: base64\n\n{exe}\n--b1--\n");

        Assert.Equal(4, await PollAsync());
        var incidents = await WithDbAsync(db => db.Set<Incident>().AsNoTracking().OrderBy(i => i.Number).ToListAsync());
        Assert.Equal(4, incidents.Count);
        Assert.Equal("Drücker kaputt", incidents[0].Title);
        Assert.Contains("Büro druckt nur Blödsinn", incidents[0].Description, StringComparison.Ordinal);
        Assert.Equal("印刷できない", incidents[1].Title);
        Assert.Contains(japanese, incidents[1].Description, StringComparison.Ordinal);
        Assert.Equal("Line & one\n\nLine two", incidents[2].Description.Replace("\n\n\n", "\n\n", StringComparison.Ordinal));
        Assert.DoesNotContain("alert", incidents[2].Description, StringComparison.Ordinal);

        var files = await WithDbAsync(db => db.Set<IncidentAttachment>().AsNoTracking().Where(a => a.IncidentId == incidents[3].Id).ToListAsync());
        var file = Assert.Single(files);
        Assert.Equal("screen shot.png", file.FileName);
        Assert.Equal("email", file.Origin);
        Assert.True(file.IsPublic);
        var note = await WithDbAsync(db => db.Set<IncidentComment>().AsNoTracking().SingleAsync(c => c.IncidentId == incidents[3].Id && !c.IsPublic));
        Assert.Contains("tool.exe", note.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_senders_are_rejected_when_configured()
    {
        var (_, box) = await MailboxAsync("reject");
        var known = Unique("known");
        await Factory.UserClientAsync(Admin, "Requester", known);
        await MailServers.AppendAsync(box, Mail(Unique("unknown"), "Let me in", "?"));
        await MailServers.AppendAsync(box, Mail(known.ToUpperInvariant(), "Known person", "Help."));
        Assert.Equal(2, await PollAsync());
        var inbound = await InboundAsync();
        Assert.Equal([InboundOutcome.Rejected, InboundOutcome.Created], inbound.Select(m => m.Outcome));
        Assert.Equal("Known person", (await WithDbAsync(db => db.Set<Incident>().AsNoTracking().SingleAsync())).Title);
        var listed = await BodyAsync(await Admin.GetAsync("/api/v1/mail/inbound?status=rejected"));
        Assert.Equal(1, listed.GetArrayLength());
    }

    [Fact]
    public async Task Mailbox_requests_are_validated()
    {
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/mail/mailboxes", new { name = "x", host = "h", port = 0, user = "u", password = "p" }),
            HttpStatusCode.BadRequest, "port");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/mail/mailboxes", new { name = "x", host = "h", port = 143, user = "u" }),
            HttpStatusCode.BadRequest, "password");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/mail/mailboxes", new { name = "x", host = "h", port = 143, user = "u", password = "p", pollSeconds = 1 }),
            HttpStatusCode.BadRequest, "pollSeconds");
    }
}

public sealed class SqliteMailTests(SqliteFactory factory) : MailTests<SqliteFactory>(factory);

public sealed class PostgresMailTests(PostgresFactory factory) : MailTests<PostgresFactory>(factory);
