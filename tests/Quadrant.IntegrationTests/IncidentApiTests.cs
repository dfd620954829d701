using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

public abstract class IncidentApiTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private async Task<JsonElement> MoveAsync(JsonElement incident, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{incident.GetProperty("id").GetGuid()}/transitions",
            $"\"{incident.GetProperty("version").GetInt32()}\"", body);
        Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    private static JsonElement Clock(JsonElement incident, string metric) =>
        incident.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == metric);

    [Fact]
    public async Task An_incident_takes_its_priority_from_the_matrix_and_its_clocks_follow_the_lifecycle()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (_, agent) = await Factory.UserClientAsync(Admin, "Agent");
        var created = await Admin.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Mail is down for the whole floor", description = "Outlook cannot connect.", serviceId = service, customerId = customer,
            impact = "high", urgency = "high", category = "Connectivity",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var incident = await BodyAsync(created);
        Assert.Equal("INC-000001", incident.GetProperty("reference").GetString());
        Assert.Equal(1, incident.GetProperty("priority").GetInt32());
        Assert.Equal("new", incident.GetProperty("status").GetString());
        Assert.Equal(120, Clock(incident, "resolution").GetProperty("targetMinutes").GetInt32());

        // Assign, then start work: the first response is measured.
        var edit = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incidents/{incident.GetProperty("id").GetGuid()}", "\"1\"", new
        {
            title = "Mail is down for the whole floor", serviceId = service, customerId = customer, impact = "medium", urgency = "high", assigneeId = agent,
        });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        incident = await BodyAsync(edit);
        Assert.Equal(2, incident.GetProperty("priority").GetInt32());
        Assert.Equal("Agent user", incident.GetProperty("assigneeName").GetString());
        Assert.Equal(120, Clock(incident, "resolution").GetProperty("targetMinutes").GetInt32()); // P2 has no targets in Terms(): kept

        Factory.Time.Advance(TimeSpan.FromMinutes(5));
        incident = await MoveAsync(incident, new { to = "inProgress" });
        Assert.Equal("Stopped", Clock(incident, "firstResponse").GetProperty("status").GetString());
        Assert.Equal(5, Clock(incident, "firstResponse").GetProperty("elapsedMinutes").GetDouble(), 3);

        // Pending pauses with the reason; time while pending does not count.
        incident = await MoveAsync(incident, new { to = "pending", pendingReason = "awaitingCustomer" });
        Assert.Equal("awaiting customer", Clock(incident, "resolution").GetProperty("pauseReason").GetString());
        Factory.Time.Advance(TimeSpan.FromHours(3));
        incident = await MoveAsync(incident, new { to = "inProgress" });
        Assert.Equal("Running", Clock(incident, "resolution").GetProperty("status").GetString());
        Assert.Equal(5, Clock(incident, "resolution").GetProperty("elapsedMinutes").GetDouble(), 3);

        // Resolve needs a code and notes; it stops the clock; reopening runs it again.
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{incident.GetProperty("id").GetGuid()}/transitions",
            $"\"{incident.GetProperty("version").GetInt32()}\"", new { to = "resolved" }), HttpStatusCode.BadRequest, "resolutionCode");
        Factory.Time.Advance(TimeSpan.FromMinutes(10));
        incident = await MoveAsync(incident, new { to = "resolved", resolutionCode = "Fixed", resolutionNotes = "Restarted the mail gateway." });
        Assert.Equal("Stopped", Clock(incident, "resolution").GetProperty("status").GetString());
        Assert.Equal(15, Clock(incident, "resolution").GetProperty("elapsedMinutes").GetDouble(), 3);
        Factory.Time.Advance(TimeSpan.FromHours(1));
        incident = await MoveAsync(incident, new { to = "inProgress" });
        Assert.Equal("Running", Clock(incident, "resolution").GetProperty("status").GetString());
        Factory.Time.Advance(TimeSpan.FromMinutes(5));
        incident = await MoveAsync(incident, new { to = "resolved", resolutionCode = "Fixed", resolutionNotes = "Replaced the certificate." });
        Assert.Equal(20, Clock(incident, "resolution").GetProperty("elapsedMinutes").GetDouble(), 3);
        incident = await MoveAsync(incident, new { to = "closed" });

        // Closed is final: the problem names the allowed moves (none).
        var refused = await MoveAsync(incident, new { to = "resolved", resolutionCode = "x", resolutionNotes = "y" }, HttpStatusCode.Conflict);
        Assert.Equal("incident.transition", refused.GetProperty("rule").GetString());
        Assert.Contains("Allowed: none", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_moves_name_the_allowed_ones_and_the_reopen_window_is_enforced()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var incident = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Printer jam", serviceId = service, customerId = customer }));
        Assert.Equal(3, incident.GetProperty("priority").GetInt32()); // medium × medium
        var refused = await MoveAsync(incident, new { to = "closed" }, HttpStatusCode.Conflict);
        Assert.Contains("Allowed: assigned, inProgress, pending, resolved, cancelled", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{incident.GetProperty("id").GetGuid()}/transitions", "\"1\"",
            new { to = "pending" }), HttpStatusCode.BadRequest, "pendingReason");
        Assert.Equal(HttpStatusCode.PreconditionRequired,
            (await Admin.PostAsJsonAsync($"/api/v1/incidents/{incident.GetProperty("id").GetGuid()}/transitions", new { to = "inProgress" })).StatusCode);

        incident = await MoveAsync(incident, new { to = "resolved", resolutionCode = "Fixed", resolutionNotes = "Cleared the jam." });
        Factory.Time.Advance(TimeSpan.FromDays(8));
        Assert.Equal("incident.reopen-window", (await MoveAsync(incident, new { to = "inProgress" }, HttpStatusCode.Conflict)).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Requesters_record_and_see_only_their_own_incidents()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester", "alice@test.quadrant.local");
        var (bob, _) = await Factory.UserClientAsync(Admin, "Requester", "bob@test.quadrant.local");
        var mine = await BodyAsync(await alice.PostAsJsonAsync("/api/v1/incidents", new { title = "My laptop is slow", serviceId = service, customerId = customer }));
        Assert.Equal("portal", mine.GetProperty("source").GetString());
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/v1/incidents", new { title = "x", serviceId = service, assigneeId = Guid.NewGuid() }),
            HttpStatusCode.BadRequest, "assigneeId");

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/incidents/{mine.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(0, (await BodyAsync(await bob.GetAsync("/api/v1/incidents"))).GetProperty("items").GetArrayLength());
        Assert.Equal(1, (await BodyAsync(await alice.GetAsync("/api/v1/incidents"))).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/incidents/{mine.GetProperty("id").GetGuid()}")).StatusCode);
        // Requesters do not work incidents.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{mine.GetProperty("id").GetGuid()}/transitions", "\"1\"",
            new { to = "cancelled" }, alice)).StatusCode);
        Assert.Equal(1, (await BodyAsync(await Admin.GetAsync("/api/v1/incidents?search=INC-000001"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Work_notes_stay_with_the_desk_and_markup_is_kept_as_text()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester", "alice@test.quadrant.local");
        var (bob, _) = await Factory.UserClientAsync(Admin, "Requester", "bob@test.quadrant.local");
        var incident = await BodyAsync(await alice.PostAsJsonAsync("/api/v1/incidents", new { title = "VPN drops", serviceId = service, customerId = customer }));
        var url = $"/api/v1/incidents/{incident.GetProperty("id").GetGuid()}/comments";

        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync(url, new { body = "Suspect the new firewall rule." })).StatusCode);
        Factory.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync(url, new { body = "We are looking into it.", isPublic = true })).StatusCode);
        Factory.Time.Advance(TimeSpan.FromSeconds(1));
        var script = "<script>alert('x')</script>\u0007 still there";
        var added = await BodyAsync(await alice.PostAsJsonAsync(url, new { body = script }));
        Assert.True(added.GetProperty("isPublic").GetBoolean());
        Assert.Equal("<script>alert('x')</script> still there", added.GetProperty("body").GetString());
        await AssertProblemAsync(await alice.PostAsJsonAsync(url, new { body = "secret", isPublic = false }), HttpStatusCode.BadRequest, "isPublic");
        await AssertProblemAsync(await alice.PostAsJsonAsync(url, new { body = " " }), HttpStatusCode.BadRequest, "body");

        var staffView = await BodyAsync(await Admin.GetAsync(url));
        Assert.Equal([false, true, true], staffView.EnumerateArray().Select(c => c.GetProperty("isPublic").GetBoolean()));
        var requesterView = await BodyAsync(await alice.GetAsync(url));
        Assert.Equal(2, requesterView.GetArrayLength());
        Assert.DoesNotContain(requesterView.EnumerateArray(), c => c.GetProperty("body").GetString()!.Contains("firewall", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsJsonAsync(url, new { body = "me too" })).StatusCode);
    }

    [Theory]
    [InlineData("""{"serviceId":"@svc"}""", "title")]
    [InlineData("""{"title":"X"}""", "serviceId")]
    [InlineData("""{"title":"X","serviceId":"6f1e1c1e-0000-4000-8000-000000000000"}""", "serviceId")]
    [InlineData("""{"title":"X","serviceId":"@svc","impact":"huge"}""", "impact")]
    [InlineData("""{"title":"X","serviceId":"@svc","customerId":"6f1e1c1e-0000-4000-8000-000000000000"}""", "customerId")]
    public async Task Bad_incidents_are_400_naming_the_field_and_write_nothing(string json, string field)
    {
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        await AssertProblemAsync(await Admin.PostAsync("/api/v1/incidents", RawJson(json.Replace("@svc", service.ToString(), StringComparison.Ordinal))),
            HttpStatusCode.BadRequest, field);
        Assert.Equal(0, (await BodyAsync(await Admin.GetAsync("/api/v1/incidents"))).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("status=open", "status")]
    [InlineData("status=3", "status")]
    [InlineData("priority=9", "priority")]
    [InlineData("unassigned=maybe", "unassigned")]
    [InlineData("serviceId=mail", "serviceId")]
    [InlineData("assigneeId=someone", "assigneeId")]
    public async Task Bad_queue_filters_are_400_naming_the_parameter(string query, string field) =>
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/incidents?{query}"), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task The_priority_matrix_is_configurable()
    {
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var settings = await Admin.GetAsync("/api/v1/service-desk/settings");
        var put = await SendWithEtagAsync(HttpMethod.Put, "/api/v1/service-desk/settings", settings.Headers.ETag!.Tag,
            new { priorityMatrix = new[] { new[] { 1, 1, 2 }, new[] { 2, 2, 3 }, new[] { 3, 4, 5 } }, reopenWindowHours = 48 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var incident = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "X", serviceId = service, impact = "low", urgency = "low" }));
        Assert.Equal(5, incident.GetProperty("priority").GetInt32());
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Put, "/api/v1/service-desk/settings", "\"2\"",
            new { priorityMatrix = new[] { new[] { 0, 1, 2 }, new[] { 2, 2, 3 }, new[] { 3, 4, 5 } }, reopenWindowHours = 48 }), HttpStatusCode.BadRequest, "priorityMatrix.rows[0][0]");
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendWithEtagAsync(HttpMethod.Put, "/api/v1/service-desk/settings", "\"2\"",
            new { priorityMatrix = new[] { new[] { 1, 1, 2 }, new[] { 2, 2, 3 }, new[] { 3, 4, 5 } }, reopenWindowHours = 48 }, agent)).StatusCode);
    }
}

public sealed class SqliteIncidentApiTests(SqliteFactory factory) : IncidentApiTests<SqliteFactory>(factory);

public sealed class PostgresIncidentApiTests(PostgresFactory factory) : IncidentApiTests<PostgresFactory>(factory);
