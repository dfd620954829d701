using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.IntegrationTests.Infrastructure;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.ServiceDesk.Contracts;
using Quadrant.Modules.ServiceDesk.Features.AutoClose;

namespace Quadrant.IntegrationTests;

public abstract class PortalApiTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    private static string Etag(JsonElement e) => $"\"{e.GetProperty("version").GetInt32()}\"";

    private static JsonElement Clock(JsonElement incident, string metric) =>
        incident.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == metric);

    private async Task<JsonElement> RaiseAsync(HttpClient requester, Guid service, Guid? customer = null, string title = "My screen flickers")
    {
        var response = await requester.PostAsJsonAsync("/api/v1/incidents", new { title, serviceId = service, customerId = customer, impact = "high", urgency = "high" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    private async Task<JsonElement> MoveAsync(Guid id, object body, HttpClient? client = null)
    {
        var current = await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{id}"));
        var response = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/transitions", Etag(current), body, client);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    private Task<JsonElement> ResolveAsync(Guid id) => MoveAsync(id, new { to = "resolved", resolutionCode = "Fixed", resolutionNotes = "Replaced the cable." });

    private async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, JsonElement incident) =>
        await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{Id(incident)}/confirm-resolution", Etag(incident), null, client);

    private async Task<HttpResponseMessage> RejectAsync(HttpClient client, JsonElement incident, string? reason = "Still flickers after the new cable.") =>
        await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{Id(incident)}/reject-resolution", Etag(incident), new { reason }, client);

    private async Task<string?> IssueLinkAsync(Guid incidentId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().SetSystem("test:mail");
        return (await scope.ServiceProvider.GetRequiredService<ISurveys>().IssueLinkAsync(incidentId, CancellationToken.None))?.Token;
    }

    private async Task<Guid> ServiceAsync(string name = "Workplace") => (await CreateServiceAsync(name, lifecycle: "live")).GetProperty("id").GetGuid();

    [Fact]
    public async Task The_requester_rejects_a_resolution_which_reopens_the_clock_then_confirms_which_closes_and_invites_a_survey()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester", "alice@test.quadrant.local");
        var (bob, _) = await Factory.UserClientAsync(Admin, "Requester", "bob@test.quadrant.local");
        var incident = await RaiseAsync(alice, service, customer);
        Factory.Time.Advance(TimeSpan.FromMinutes(10));
        await MoveAsync(Id(incident), new { to = "inProgress" });
        Factory.Time.Advance(TimeSpan.FromMinutes(10));
        incident = await ResolveAsync(Id(incident));
        Assert.Equal("Stopped", Clock(incident, "resolution").GetProperty("status").GetString());

        // Not theirs: 404 for another requester; staff do not answer for the requester (403); no If-Match: 428; stale: 409.
        Assert.Equal(HttpStatusCode.NotFound, (await ConfirmAsync(bob, incident)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RejectAsync(bob, incident)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ConfirmAsync(Admin, incident)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await alice.PostAsync($"/api/v1/incidents/{Id(incident)}/confirm-resolution", null)).StatusCode);
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{Id(incident)}/confirm-resolution", "\"1\"", null, alice),
            HttpStatusCode.Conflict, "If-Match");
        await AssertProblemAsync(await RejectAsync(alice, incident, reason: "  "), HttpStatusCode.BadRequest, "reason");

        // Reject: back in progress, the resolution clock runs again, the reason is a public comment.
        Factory.Time.Advance(TimeSpan.FromHours(1));
        var rejected = await RejectAsync(alice, incident);
        Assert.True(rejected.StatusCode == HttpStatusCode.OK, await rejected.Content.ReadAsStringAsync());
        incident = await BodyAsync(rejected);
        Assert.Equal("inProgress", incident.GetProperty("status").GetString());
        Assert.Equal("Running", Clock(incident, "resolution").GetProperty("status").GetString());
        Assert.Equal(20, Clock(incident, "resolution").GetProperty("elapsedMinutes").GetDouble(), 3);
        var comments = await BodyAsync(await alice.GetAsync($"/api/v1/incidents/{Id(incident)}/comments"));
        Assert.Contains("Still flickers", comments.EnumerateArray().Single().GetProperty("body").GetString(), StringComparison.Ordinal);
        // Not resolved any more: nothing to confirm.
        Assert.Equal("incident.not-resolved", (await BodyAsync(await ConfirmAsync(alice, incident))).GetProperty("rule").GetString());

        // Resolve again and confirm: closed, with a survey waiting for Alice only.
        Factory.Time.Advance(TimeSpan.FromMinutes(5));
        incident = await ResolveAsync(Id(incident));
        Assert.Equal(25, Clock(incident, "resolution").GetProperty("elapsedMinutes").GetDouble(), 3);
        var confirmed = await ConfirmAsync(alice, incident);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        incident = await BodyAsync(confirmed);
        Assert.Equal("closed", incident.GetProperty("status").GetString());
        var invited = await BodyAsync(await alice.GetAsync("/api/v1/notifications"));
        Assert.Contains(invited.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "survey.invitation");
        var mine = await BodyAsync(await alice.GetAsync("/api/v1/surveys/mine"));
        Assert.Equal(incident.GetProperty("reference").GetString(), mine.EnumerateArray().Single().GetProperty("reference").GetString());
        Assert.Equal(0, (await BodyAsync(await bob.GetAsync("/api/v1/surveys/mine"))).GetArrayLength());
        var home = await BodyAsync(await alice.GetAsync("/api/v1/portal"));
        Assert.Equal(1, home.GetProperty("surveys").GetArrayLength());
        Assert.Equal(1, home.GetProperty("recent").GetArrayLength());
        Assert.Equal("Closed", home.GetProperty("recent")[0].GetProperty("statusText").GetString());
    }

    [Fact]
    public async Task Rejecting_after_the_reopen_window_is_409_asking_for_a_new_incident()
    {
        var service = await ServiceAsync();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var incident = await RaiseAsync(alice, service);
        incident = await ResolveAsync(Id(incident));
        var home = await BodyAsync(await alice.GetAsync("/api/v1/portal"));
        Assert.Equal("Solved – please confirm", home.GetProperty("toConfirm")[0].GetProperty("statusText").GetString());
        Factory.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var refused = await AssertProblemAsync(await RejectAsync(alice, incident), HttpStatusCode.Conflict);
        Assert.Equal("incident.reopen-window", refused.GetProperty("rule").GetString());
        Assert.Contains("raise a new incident", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Confirming is still possible.
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(alice, incident)).StatusCode);
    }

    [Fact]
    public async Task With_the_organization_grant_a_requester_reads_their_organizations_incidents_and_never_another_organizations()
    {
        var service = await ServiceAsync();
        var acme = await CreateCustomerAsync("Acme");
        var globex = await CreateCustomerAsync("Globex");
        var (alice, aliceId) = await Factory.UserClientAsync(Admin, "Requester", "alice@acme.test");
        var (carol, carolId) = await Factory.UserClientAsync(Admin, "Requester", "carol@acme.test");
        var (gus, gusId) = await Factory.UserClientAsync(Admin, "Requester", "gus@globex.test");
        foreach (var (user, customer) in new[] { (aliceId, acme), (carolId, acme), (gusId, globex) })
        {
            var linked = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/requesters/{user}/organization", "\"1\"", new { customerId = customer, seesOrganizationIncidents = false });
            Assert.True(linked.StatusCode == HttpStatusCode.OK, await linked.Content.ReadAsStringAsync());
        }

        // A requester's incident belongs to their organization; naming another one is refused.
        var carols = await RaiseAsync(carol, service, title: "Acme printer");
        Assert.Equal(acme, carols.GetProperty("customerId").GetGuid());
        await AssertProblemAsync(await carol.PostAsJsonAsync("/api/v1/incidents", new { title = "x", serviceId = service, customerId = globex }),
            HttpStatusCode.BadRequest, "customerId");
        var gusOwn = await RaiseAsync(gus, service, title: "Globex VPN");
        var desk = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Globex outage", serviceId = service, customerId = globex }));

        Assert.Equal(3, (await BodyAsync(await Admin.GetAsync("/api/v1/requesters/organizations"))).GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/v1/requesters/organizations")).StatusCode);

        // Without the grant: only her own (none).
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/v1/incidents/{Id(carols)}")).StatusCode);
        Assert.Equal(0, (await BodyAsync(await alice.GetAsync("/api/v1/incidents"))).GetProperty("items").GetArrayLength());

        // Grant: Acme's incidents listed and readable, with public comments; not changeable by her.
        var profile = await BodyAsync(await Admin.GetAsync($"/api/v1/requesters/{aliceId}/organization"));
        Assert.Equal("Acme", profile.GetProperty("customerName").GetString());
        var granted = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/requesters/{aliceId}/organization", Etag(profile), new { customerId = acme, seesOrganizationIncidents = true });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var list = await BodyAsync(await alice.GetAsync("/api/v1/incidents"));
        Assert.Equal([Id(carols)], list.GetProperty("items").EnumerateArray().Select(Id).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/incidents/{Id(carols)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/incidents/{Id(carols)}/comments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync($"/api/v1/incidents/{Id(carols)}/comments", new { body = "Me too" })).StatusCode);
        var resolved = await ResolveAsync(Id(carols));
        Assert.Equal(HttpStatusCode.Forbidden, (await ConfirmAsync(alice, resolved)).StatusCode);
        Assert.Equal("Acme", (await BodyAsync(await alice.GetAsync("/api/v1/portal"))).GetProperty("organizationName").GetString());

        // Other organizations stay invisible, whatever the id: 404 everywhere.
        foreach (var other in new[] { Id(gusOwn), Id(desk), Guid.NewGuid() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/v1/incidents/{other}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/v1/incidents/{other}/comments")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{other}/confirm-resolution", "\"1\"", null, alice)).StatusCode);
        }

        // Withdrawn: back to her own only.
        profile = await BodyAsync(granted);
        Assert.Equal(HttpStatusCode.OK, (await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/requesters/{aliceId}/organization", Etag(profile),
            new { customerId = acme, seesOrganizationIncidents = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/v1/incidents/{Id(carols)}")).StatusCode);

        // Only SmsManager/Admin grant; bad input names the field; a grant needs an organization.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/requesters/{aliceId}/organization", "\"3\"",
            new { customerId = acme, seesOrganizationIncidents = true }, alice)).StatusCode);
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/requesters/{gusId}/organization", "\"2\"",
            new { customerId = (Guid?)null, seesOrganizationIncidents = true }), HttpStatusCode.BadRequest, "customerId");
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/requesters/{gusId}/organization", "\"2\"",
            new { customerId = Guid.NewGuid(), seesOrganizationIncidents = true }), HttpStatusCode.BadRequest, "customerId");
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/requesters/{Guid.NewGuid()}/organization", "\"1\"",
            new { customerId = acme, seesOrganizationIncidents = false })).StatusCode);
    }

    [Fact]
    public async Task A_survey_link_answers_once_without_sign_in_and_wrong_or_expired_links_are_refused()
    {
        var service = await ServiceAsync();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var first = await RaiseAsync(alice, service, title: "First");
        var second = await RaiseAsync(alice, service, title: "Second");
        Assert.Null(await IssueLinkAsync(Id(first))); // no survey before closure
        foreach (var id in new[] { Id(first), Id(second) })
        {
            await ResolveAsync(id);
            await MoveAsync(id, new { to = "closed" }); // closed by the agent: the survey is created too
        }

        var token = await IssueLinkAsync(Id(first));
        Assert.NotNull(token);
        Assert.True(token!.Length >= 40);
        var stored = await WithDbAsync(async db => await Task.FromResult(db.Set<Quadrant.Modules.ServiceDesk.Domain.SurveyInvitation>().Select(s => s.TokenHash).ToList()));
        Assert.DoesNotContain(token, stored); // only the hash is kept

        using var anonymous = Factory.CreateClient();
        var view = await BodyAsync(await anonymous.PostAsJsonAsync("/api/v1/surveys/by-link/lookup", new { token }));
        Assert.Equal("First", view.GetProperty("incidentTitle").GetString());
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/surveys/by-link/answer", new { token, rating = 6 }), HttpStatusCode.BadRequest, "rating");
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/surveys/by-link/answer", new { token = token + "x", rating = 5 }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/surveys/by-link/lookup", new { token = "guess" }), HttpStatusCode.NotFound);
        var answered = await anonymous.PostAsJsonAsync("/api/v1/surveys/by-link/answer", new { token, rating = 4, comment = "Quick and friendly." });
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        Assert.Equal(4, (await BodyAsync(answered)).GetProperty("rating").GetInt32());
        var again = await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/surveys/by-link/answer", new { token, rating = 1 }), HttpStatusCode.Conflict);
        Assert.Equal("survey.answered", again.GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await alice.PostAsJsonAsync($"/api/v1/incidents/{Id(first)}/survey", new { rating = 2 })).StatusCode);
        Assert.Null(await IssueLinkAsync(Id(first))); // answered: no new link

        // A new link replaces the old one; after the survey period both the link and the portal refuse.
        var old = await IssueLinkAsync(Id(second));
        var fresh = await IssueLinkAsync(Id(second));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsJsonAsync("/api/v1/surveys/by-link/lookup", new { token = old })).StatusCode);
        Factory.Time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        var expired = await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/surveys/by-link/answer", new { token = fresh, rating = 5 }), HttpStatusCode.Gone);
        Assert.Equal("survey.expired", expired.GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.Gone, (await alice.PostAsJsonAsync($"/api/v1/incidents/{Id(second)}/survey", new { rating = 5 })).StatusCode);
        Assert.Equal(0, (await BodyAsync(await alice.GetAsync("/api/v1/surveys/mine"))).GetArrayLength());
    }

    [Fact]
    public async Task Survey_results_aggregate_per_service_and_per_agent_over_the_period()
    {
        var mail = await ServiceAsync("Mail");
        var print = await ServiceAsync("Printing");
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (bob, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (_, agentId) = await Factory.UserClientAsync(Admin, "Agent");
        var ratings = new (Guid Service, int Rating, string? Comment, HttpClient Who)[]
        {
            (mail, 5, "Great", alice), (mail, 4, null, bob), (mail, 2, "Slow", alice), (print, 1, "=cmd()", bob),
        };
        foreach (var (service, rating, comment, who) in ratings)
        {
            var incident = await RaiseAsync(who, service);
            var current = await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{Id(incident)}"));
            var assigned = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incidents/{Id(incident)}", Etag(current), new
            {
                title = "My screen flickers", serviceId = service, impact = "high", urgency = "high", assigneeId = service == mail ? agentId : (Guid?)null,
            });
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
            var resolved = await ResolveAsync(Id(incident));
            Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(who, resolved)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await who.PostAsJsonAsync($"/api/v1/incidents/{Id(incident)}/survey", new { rating, comment })).StatusCode);
        }

        var day = DateOnly.FromDateTime(Factory.Time.GetUtcNow().UtcDateTime);
        var (today, tomorrow) = (day.ToString("yyyy-MM-dd"), day.AddDays(1).ToString("yyyy-MM-dd"));
        var byService = await BodyAsync(await Admin.GetAsync($"/api/v1/surveys/results?from={today}&to={tomorrow}&groupBy=service"));
        Assert.Equal(4, byService.GetProperty("overall").GetProperty("count").GetInt32());
        Assert.Equal(3.0, byService.GetProperty("overall").GetProperty("average").GetDouble(), 3);
        var mailGroup = byService.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "Mail");
        Assert.Equal(3, mailGroup.GetProperty("count").GetInt32());
        Assert.Equal(3.67, mailGroup.GetProperty("average").GetDouble(), 3);
        Assert.Equal([0, 1, 0, 1, 1], mailGroup.GetProperty("distribution").EnumerateArray().Select(n => n.GetInt32()).ToArray());
        Assert.Equal(new[] { "Slow", "Great" }, mailGroup.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("comment").GetString()!).Order().Reverse().ToArray());

        var byAgent = await BodyAsync(await Admin.GetAsync($"/api/v1/surveys/results?from={today}&to={tomorrow}&groupBy=agent"));
        var agent = byAgent.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("id").ValueKind == JsonValueKind.String);
        Assert.Equal(agentId, agent.GetProperty("id").GetGuid());
        Assert.Equal("Agent user", agent.GetProperty("name").GetString());
        Assert.Equal(3, agent.GetProperty("count").GetInt32());
        Assert.Equal(1, byAgent.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("id").ValueKind == JsonValueKind.Null).GetProperty("count").GetInt32());

        // Another period holds nothing; bad input names the parameter; requesters may not read results.
        var empty = await BodyAsync(await Admin.GetAsync("/api/v1/surveys/results?from=2020-01-01&to=2020-01-31"));
        Assert.Equal(0, empty.GetProperty("overall").GetProperty("count").GetInt32());
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/surveys/results?groupBy=team"), HttpStatusCode.BadRequest, "groupBy");
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/surveys/results?from=yesterday"), HttpStatusCode.BadRequest, "from");
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/surveys/results?from={today}&to={today}"), HttpStatusCode.BadRequest, "to");
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/v1/surveys/results")).StatusCode);

        var csv = await (await Admin.GetAsync($"/api/v1/surveys/results.csv?from={today}&to={tomorrow}")).Content.ReadAsStringAsync();
        Assert.Contains("\"Mail\",", csv, StringComparison.Ordinal);
        Assert.Contains(",3,3.67,0,1,0,1,1", csv, StringComparison.Ordinal);
        Assert.Contains("\"All\",,4,3.00,1,1,0,1,1", csv, StringComparison.Ordinal);

        // The contract reporting reads gives the same figures.
        await using var scope = Factory.Services.CreateAsyncScope();
        var start = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var figure = await scope.ServiceProvider.GetRequiredService<ISatisfaction>().AverageAsync(start, start.AddDays(1), mail, CancellationToken.None);
        Assert.Equal(3, figure.Count);
        Assert.Equal(3.67, figure.Average!.Value, 3);
    }

    [Fact]
    public async Task Auto_close_closes_unanswered_resolutions_once_even_with_two_concurrent_runs_and_sends_the_surveys()
    {
        var service = await ServiceAsync();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var incident = await RaiseAsync(alice, service, title: $"Incident {i}");
            ids.Add(Id(incident));
            await ResolveAsync(Id(incident));
        }

        var answeredIncident = await BodyAsync(await alice.GetAsync($"/api/v1/incidents/{ids[3]}"));
        Assert.Equal(HttpStatusCode.OK, (await RejectAsync(alice, answeredIncident)).StatusCode); // rejected: stays open

        var job = Factory.Services.GetRequiredService<AutoCloseJob>();
        Factory.Time.Advance(TimeSpan.FromDays(5) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await job.RunNowAsync(CancellationToken.None)); // not yet
        Factory.Time.Advance(TimeSpan.FromMinutes(2));
        var runs = await Task.WhenAll(job.RunNowAsync(CancellationToken.None), job.RunNowAsync(CancellationToken.None));
        Assert.Equal(3, runs.Sum());
        Assert.Equal(0, await job.RunNowAsync(CancellationToken.None));
        foreach (var id in ids.Take(3))
        {
            Assert.Equal("closed", (await BodyAsync(await alice.GetAsync($"/api/v1/incidents/{id}"))).GetProperty("status").GetString());
        }

        Assert.Equal("inProgress", (await BodyAsync(await alice.GetAsync($"/api/v1/incidents/{ids[3]}"))).GetProperty("status").GetString());
        Assert.Equal(3, (await BodyAsync(await alice.GetAsync("/api/v1/surveys/mine"))).GetArrayLength());
        Assert.Equal(3, await CountAsync<Quadrant.Modules.ServiceDesk.Domain.SurveyInvitation>());

        // The period is a setting (1–90 days).
        var settings = await BodyAsync(await Admin.GetAsync("/api/v1/service-desk/settings"));
        Assert.Equal(5, settings.GetProperty("autoCloseDays").GetInt32());
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Put, "/api/v1/service-desk/settings", Etag(settings),
            new { priorityMatrix = new[] { new[] { 1, 2, 3 }, new[] { 2, 3, 4 }, new[] { 3, 4, 4 } }, reopenWindowHours = 168, autoCloseDays = 0 }),
            HttpStatusCode.BadRequest, "autoCloseDays");
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Put, "/api/v1/service-desk/settings", Etag(settings),
            new { priorityMatrix = new[] { new[] { 1, 2, 3 }, new[] { 2, 3, 4 }, new[] { 3, 4, 4 } }, reopenWindowHours = 168, surveyValidityDays = 400 }),
            HttpStatusCode.BadRequest, "surveyValidityDays");
    }

    [Fact]
    public async Task Requesters_cannot_read_the_staff_records()
    {
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (auditor, _) = await Factory.UserClientAsync(Admin, "Auditor");
        var customer = await CreateCustomerAsync("Acme");
        foreach (var url in new[] { "/api/v1/customers", $"/api/v1/customers/{customer}", "/api/v1/calendars", "/api/v1/agreements" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(url)).StatusCode);
        }
    }
}

public sealed class SqlitePortalApiTests(SqliteFactory factory) : PortalApiTests<SqliteFactory>(factory);

public sealed class PostgresPortalApiTests(PostgresFactory factory) : PortalApiTests<PostgresFactory>(factory);
