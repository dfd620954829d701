using System.Net;
using System.Net.Http.Json;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

public abstract class CustomerApiTests<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private Task<HttpResponseMessage> PutAsync(Guid id, string etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return Admin.SendAsync(request);
    }

    [Fact]
    public async Task A_customer_receives_services_has_contacts_and_a_relationship_manager()
    {
        var mail = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var payroll = (await CreateServiceAsync("Payroll", lifecycle: "live")).GetProperty("id").GetGuid();
        var (_, manager) = await Factory.UserClientAsync(Admin, "ProcessOwner");
        var created = await Admin.PostAsJsonAsync("/api/v1/customers", new
        {
            name = "Finance department", kind = "internal", relationshipManagerId = manager,
            contacts = new[] { new { name = "Fiona Finance", email = "fiona@example.org", phone = "+49 30 1234", role = "Head of finance" } },
            serviceIds = new[] { mail, payroll },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await BodyAsync(created);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal("ProcessOwner user", body.GetProperty("relationshipManagerName").GetString());
        Assert.Equal(["Mail", "Payroll"], body.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var receivingPayroll = await BodyAsync(await Admin.GetAsync($"/api/v1/customers?serviceId={payroll}"));
        Assert.Equal(1, receivingPayroll.GetProperty("items")[0].GetProperty("contacts").GetInt32());

        var updated = await PutAsync(id, "\"1\"", new { name = "Finance department", kind = "internal", serviceIds = new[] { mail } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);
        Assert.Empty((await BodyAsync(await Admin.GetAsync($"/api/v1/customers?serviceId={payroll}"))).GetProperty("items").EnumerateArray());
        await AssertProblemAsync(await PutAsync(id, "\"1\"", new { name = "Stale", kind = "internal" }), HttpStatusCode.Conflict, "If-Match");

        var history = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=Customer&recordId={id}&limit=50"));
        var serviceChanges = history.GetProperty("items").EnumerateArray().SelectMany(e => e.GetProperty("changes").EnumerateArray())
            .Where(c => c.GetProperty("field").GetString() == "services")
            .Select(c => c.GetProperty("after").GetString() ?? c.GetProperty("before").GetString()).ToList();
        Assert.Equal(["+Mail", "+Payroll", "-Payroll"], serviceChanges.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"kind":"internal"}""", "name")]
    [InlineData("""{"name":"X"}""", "kind")]
    [InlineData("""{"name":"X","kind":"partner"}""", "kind")]
    [InlineData("""{"name":"X","kind":"external","contacts":[{"email":"a@b.co"}]}""", "contacts[0].name")]
    [InlineData("""{"name":"X","kind":"external","contacts":[{"name":"A","email":"not an email"}]}""", "contacts[0].email")]
    [InlineData("""{"name":"X","kind":"external","relationshipManagerId":"6f1e1c1e-0000-4000-8000-000000000000"}""", "relationshipManagerId")]
    [InlineData("""{"name":"X","kind":"external","serviceIds":["6f1e1c1e-0000-4000-8000-000000000000"]}""", "serviceIds[0]")]
    public async Task Bad_customers_are_400_naming_the_field_and_write_nothing(string json, string field)
    {
        var before = await AuditCountAsync();
        await AssertProblemAsync(await Admin.PostAsync("/api/v1/customers", RawJson(json)), HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await AuditCountAsync());
        Assert.Equal(0, (await BodyAsync(await Admin.GetAsync("/api/v1/customers"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Names_are_unique_and_agents_may_read_but_not_write()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/v1/customers", new { name = "Acme", kind = "external" })).StatusCode);
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/customers", new { name = "Acme", kind = "external" }), HttpStatusCode.Conflict, "name");
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/customers?kind=external")).StatusCode);
        await AssertProblemAsync(await agent.PostAsJsonAsync("/api/v1/customers", new { name = "Other", kind = "external" }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/customers?kind=partner"), HttpStatusCode.BadRequest, "kind");
    }
}

public sealed class SqliteCustomerApiTests(SqliteFactory factory) : CustomerApiTests<SqliteFactory>(factory);

public sealed class PostgresCustomerApiTests(PostgresFactory factory) : CustomerApiTests<PostgresFactory>(factory);
