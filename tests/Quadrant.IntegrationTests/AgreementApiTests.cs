using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

/// <summary>Shared set-up for agreement and clock tests: a calendar, a service, a customer, an approved SLA.</summary>
public abstract class SlaTestBase<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    protected static readonly string[] AllDay = ["00:00-24:00"];

    protected async Task<Guid> CreateCalendarAsync(string name, string[]? weekday = null, bool weekends = true, string zone = "UTC")
    {
        var hours = weekday ?? AllDay;
        var week = new Dictionary<string, string[]>
        {
            ["monday"] = hours, ["tuesday"] = hours, ["wednesday"] = hours, ["thursday"] = hours, ["friday"] = hours,
            ["saturday"] = weekends ? hours : [], ["sunday"] = weekends ? hours : [],
        };
        var response = await Admin.PostAsJsonAsync("/api/v1/calendars", new { name, timeZone = zone, week });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await BodyAsync(response)).GetProperty("id").GetGuid();
    }

    protected async Task<Guid> CreateCustomerAsync(string name)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/customers", new { name, kind = "internal" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await BodyAsync(response)).GetProperty("id").GetGuid();
    }

    protected static object Terms(int p1FirstResponse = 30, int p1Resolution = 120, int[]? thresholds = null) => new
    {
        priorityTargets = new object[]
        {
            new { priority = 1, firstResponseMinutes = p1FirstResponse, resolutionMinutes = p1Resolution },
            new { priority = 3, resolutionMinutes = 480 },
        },
        warningThresholds = thresholds ?? [50, 90],
    };

    protected async Task<JsonElement> CreateAgreementAsync(string name, Guid calendar, Guid service, Guid customer, object? terms = null, Guid? owner = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/agreements", new
        {
            name, kind = "sla", calendarId = calendar, validFrom = "2026-01-01", reviewDate = "2027-01-01", ownerId = owner,
            serviceIds = new[] { service }, customerIds = new[] { customer }, terms = terms ?? Terms(), document = "# Terms\nAgreed.",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await BodyAsync(response);
    }

    protected async Task<HttpResponseMessage> SendWithEtagAsync(HttpMethod method, string url, string etag, object? body, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await (client ?? Admin).SendAsync(request);
    }

    protected async Task<JsonElement> ApproveAsync(Guid id, string note = "Agreed with the customer")
    {
        var current = await Admin.GetAsync($"/api/v1/agreements/{id}");
        var response = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/agreements/{id}/approve", current.Headers.ETag!.Tag, new { changeNote = note });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await BodyAsync(response);
    }

    /// <summary>An approved SLA on a 24x7 UTC calendar; returns (agreement, calendar, service, customer).</summary>
    protected async Task<(Guid Agreement, Guid Calendar, Guid Service, Guid Customer)> ApprovedSlaAsync(object? terms = null, Guid? owner = null, string[]? hours = null, bool weekends = true)
    {
        var calendar = await CreateCalendarAsync("Always", hours, weekends);
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var customer = await CreateCustomerAsync("Finance");
        var agreement = (await CreateAgreementAsync("Mail SLA for Finance", calendar, service, customer, terms, owner)).GetProperty("id").GetGuid();
        await ApproveAsync(agreement);
        return (agreement, calendar, service, customer);
    }
}

public abstract class AgreementApiTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    [Fact]
    public async Task A_draft_is_approved_into_revisions_and_edits_wait_for_the_next_approval()
    {
        var calendar = await CreateCalendarAsync("Office");
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var customer = await CreateCustomerAsync("Finance");
        var created = await CreateAgreementAsync("Mail SLA", calendar, service, customer);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("draft", created.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("revisionInForce").ValueKind);
        Assert.Equal(["Mail"], created.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(480, created.GetProperty("terms").GetProperty("priorityTargets")[1].GetProperty("resolutionMinutes").GetInt32());

        // Approval needs If-Match and a change note.
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Admin.PostAsJsonAsync($"/api/v1/agreements/{id}/approve", new { changeNote = "x" })).StatusCode);
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/agreements/{id}/approve", "\"1\"", new { changeNote = " " }), HttpStatusCode.BadRequest, "changeNote");
        var approved = await ApproveAsync(id, "First version signed by Finance");
        Assert.Equal("active", approved.GetProperty("status").GetString());
        Assert.Equal(1, approved.GetProperty("revisionInForce").GetInt32());
        Assert.Equal("Test Admin", approved.GetProperty("revisions")[0].GetProperty("approvedByName").GetString());

        // Nothing new: approving again is a conflict naming the rule.
        var again = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/agreements/{id}/approve", approved.GetProperty("version").GetInt32() is var v ? $"\"{v}\"" : "", new { changeNote = "again" });
        Assert.Equal("agreement.nothing-to-approve", (await AssertProblemAsync(again, HttpStatusCode.Conflict)).GetProperty("rule").GetString());

        // Edit the working copy: the approved revision stays as it was until approved again.
        var edit = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/agreements/{id}", $"\"{approved.GetProperty("version").GetInt32()}\"", new
        {
            name = "Mail SLA", kind = "sla", calendarId = calendar, validFrom = "2026-01-01", serviceIds = new[] { service }, customerIds = new[] { customer },
            terms = Terms(p1Resolution: 60),
        });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var edited = await BodyAsync(edit);
        Assert.True(edited.GetProperty("hasUnapprovedChanges").GetBoolean());
        Assert.Equal(1, edited.GetProperty("revisionInForce").GetInt32());
        await ApproveAsync(id, "Faster P1 resolution");
        var first = await BodyAsync(await Admin.GetAsync($"/api/v1/agreements/{id}/revisions/1"));
        var second = await BodyAsync(await Admin.GetAsync($"/api/v1/agreements/{id}/revisions/2"));
        Assert.Equal(120, first.GetProperty("content").GetProperty("terms").GetProperty("priorityTargets")[0].GetProperty("resolutionMinutes").GetInt32());
        Assert.Equal(60, second.GetProperty("content").GetProperty("terms").GetProperty("priorityTargets")[0].GetProperty("resolutionMinutes").GetInt32());
        Assert.Equal("Faster P1 resolution", second.GetProperty("changeNote").GetString());
        Assert.Equal(["Mail"], second.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/agreements/{id}/revisions/3")).StatusCode);

        // Lists filter by coverage and status; the audit trail shows coverage by name.
        var list = await BodyAsync(await Admin.GetAsync($"/api/v1/agreements?customerId={customer}&status=active"));
        Assert.Equal(2, list.GetProperty("items")[0].GetProperty("revisionInForce").GetInt32());
        var history = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=Agreement&recordId={id}&limit=50"));
        Assert.Contains(history.GetProperty("items").EnumerateArray().SelectMany(e => e.GetProperty("changes").EnumerateArray()),
            c => c.GetProperty("field").GetString() == "services" && c.GetProperty("after").GetString() == "+Mail");
        // Dates are recorded in ISO form, whatever the server's culture.
        Assert.Contains(history.GetProperty("items").EnumerateArray().SelectMany(e => e.GetProperty("changes").EnumerateArray()),
            c => c.GetProperty("field").GetString() == "validFrom" && c.GetProperty("after").GetString() == "2026-01-01");
    }

    [Fact]
    public async Task Roles_decide_who_edits_and_who_approves()
    {
        var calendar = await CreateCalendarAsync("Office");
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var customer = await CreateCustomerAsync("Finance");
        var id = (await CreateAgreementAsync("Mail SLA", calendar, service, customer)).GetProperty("id").GetGuid();
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        var (processOwner, _) = await Factory.UserClientAsync(Admin, "ProcessOwner");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/agreements/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/agreements", new { name = "X" })).StatusCode);
        // A process owner may edit agreements but not approve them.
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/agreements/{id}/approve", "\"1\"", new { changeNote = "ok" }, processOwner),
            HttpStatusCode.Forbidden);
        var retired = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/agreements/{id}/retire", "\"1\"", null);
        Assert.Equal("retired", (await BodyAsync(retired)).GetProperty("status").GetString());
        var edit = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/agreements/{id}", "\"2\"", new
        {
            name = "Mail SLA", kind = "sla", calendarId = calendar, validFrom = "2026-01-01", serviceIds = new[] { service }, customerIds = new[] { customer },
        });
        Assert.Equal("agreement.retired-is-final", (await AssertProblemAsync(edit, HttpStatusCode.Conflict)).GetProperty("rule").GetString());
    }

    public static TheoryData<string, string> BadAgreements => new()
    {
        { """{"kind":"sla"}""", "name" },
        { """{"name":"A","kind":"contract"}""", "kind" },
        { """{"name":"A","kind":"ola","calendarId":"@cal","validFrom":"2026-01-01","serviceIds":["@svc"]}""", "party" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-01-01","serviceIds":["@svc"]}""", "customerIds" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-06-01","validUntil":"2026-05-31","serviceIds":["@svc"],"customerIds":["@cus"]}""", "validUntil" },
        { """{"name":"A","kind":"sla","calendarId":"6f1e1c1e-0000-4000-8000-000000000000","validFrom":"2026-01-01","serviceIds":["@svc"],"customerIds":["@cus"]}""", "calendarId" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-01-01","serviceIds":[],"customerIds":["@cus"]}""", "serviceIds" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-01-01","serviceIds":["@svc"],"customerIds":["@cus"],"terms":{"priorityTargets":[{"priority":1,"resolutionMinutes":0}]}}""", "terms.priorityTargets[0].resolutionMinutes" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-01-01","serviceIds":["@svc"],"customerIds":["@cus"],"terms":{"priorityTargets":[{"priority":1,"resolutionMinutes":-5}]}}""", "terms.priorityTargets[0].resolutionMinutes" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-01-01","serviceIds":["@svc"],"customerIds":["@cus"],"terms":{"priorityTargets":[{"priority":9,"resolutionMinutes":60}]}}""", "terms.priorityTargets[0].priority" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-01-01","serviceIds":["@svc"],"customerIds":["@cus"],"terms":{"priorityTargets":[{"priority":1,"firstResponseMinutes":90,"resolutionMinutes":60}]}}""", "terms.priorityTargets[0].firstResponseMinutes" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-01-01","serviceIds":["@svc"],"customerIds":["@cus"],"terms":{"availabilityTargets":[{"serviceId":"6f1e1c1e-0000-4000-8000-000000000000","percent":99.9}]}}""", "terms.availabilityTargets[0].serviceId" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-01-01","serviceIds":["@svc"],"customerIds":["@cus"],"terms":{"availabilityTargets":[{"serviceId":"@svc","percent":100.5}]}}""", "terms.availabilityTargets[0].percent" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-01-01","serviceIds":["@svc"],"customerIds":["@cus"],"terms":{"workloadLimits":[{"measure":"incidents","limit":0,"period":"month"}]}}""", "terms.workloadLimits[0].limit" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-01-01","serviceIds":["@svc"],"customerIds":["@cus"],"terms":{"warningThresholds":[90,75]}}""", "terms.warningThresholds[1]" },
        { """{"name":"A","kind":"sla","calendarId":"@cal","validFrom":"2026-13-01","serviceIds":["@svc"],"customerIds":["@cus"]}""", "validFrom" },
    };

    [Theory]
    [MemberData(nameof(BadAgreements))]
    public async Task Bad_agreements_are_400_naming_the_field_and_write_nothing(string json, string field)
    {
        var calendar = await CreateCalendarAsync("Office");
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var customer = await CreateCustomerAsync("Finance");
        var audit = await AuditCountAsync();
        var body = json.Replace("@cal", calendar.ToString(), StringComparison.Ordinal).Replace("@svc", service.ToString(), StringComparison.Ordinal)
            .Replace("@cus", customer.ToString(), StringComparison.Ordinal);
        await AssertProblemAsync(await Admin.PostAsync("/api/v1/agreements", RawJson(body)), HttpStatusCode.BadRequest, field);
        Assert.Equal(0, (await BodyAsync(await Admin.GetAsync("/api/v1/agreements"))).GetProperty("items").GetArrayLength());
        Assert.Equal(audit, await AuditCountAsync());
    }

    [Fact]
    public async Task A_valid_agreement_carries_availability_workload_limits_and_exceptions()
    {
        var calendar = await CreateCalendarAsync("Office");
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var response = await Admin.PostAsJsonAsync("/api/v1/agreements", new
        {
            name = "Network OLA", kind = "ola", party = "Network team", calendarId = calendar, validFrom = "2026-01-01", validUntil = "2026-12-31",
            serviceIds = new[] { service },
            terms = new
            {
                priorityTargets = new[] { new { priority = 2, firstResponseMinutes = 15, resolutionMinutes = 240 } },
                availabilityTargets = new[] { new { serviceId = service, percent = 99.95m } },
                workloadLimits = new[] { new { measure = "requests", limit = 400, period = "month", note = "Above this, best effort" } },
                exceptions = new[] { "Planned maintenance on Sunday 02:00-04:00 is not downtime." },
                warningThresholds = new[] { 75, 90 },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var terms = (await BodyAsync(response)).GetProperty("terms");
        Assert.Equal(99.95m, terms.GetProperty("availabilityTargets")[0].GetProperty("percent").GetDecimal());
        Assert.Equal("requests", terms.GetProperty("workloadLimits")[0].GetProperty("measure").GetString());
        Assert.Single(terms.GetProperty("exceptions").EnumerateArray());
    }
}

public sealed class SqliteAgreementApiTests(SqliteFactory factory) : AgreementApiTests<SqliteFactory>(factory);

public sealed class PostgresAgreementApiTests(PostgresFactory factory) : AgreementApiTests<PostgresFactory>(factory);
