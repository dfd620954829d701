using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

public abstract class ServicesApiTests<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    [Fact]
    public async Task Create_read_update_retire_with_etags_and_audit()
    {
        var created = await CreateServiceAsync("Payroll", "critical", "live");
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("live", created.GetProperty("lifecycle").GetString());
        Assert.Equal(1, created.GetProperty("version").GetInt32());

        var get = await Admin.GetAsync($"/api/v1/services/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);

        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/services/{id}")
        {
            Content = JsonContent.Create(new { name = "Payroll platform", description = "Monthly runs", criticality = "high", lifecycle = "live" }),
        };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var updated = await Admin.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);
        Assert.Equal("Payroll platform", (await BodyAsync(updated)).GetProperty("name").GetString());

        var retire = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/services/{id}/retire");
        retire.Headers.IfMatch.Add(new EntityTagHeaderValue("\"2\""));
        var retired = await Admin.SendAsync(retire);
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        var body = await BodyAsync(retired);
        Assert.Equal("retired", body.GetProperty("lifecycle").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("retiredAt").ValueKind);

        var audit = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=Service&recordId={id}"));
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["created", "updated", "updated"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal(QuadrantFactory.AdminEmail, e.GetProperty("actorName").GetString()));
        var rename = entries[1].GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "name");
        Assert.Equal("Payroll", rename.GetProperty("before").GetString());
        Assert.Equal("Payroll platform", rename.GetProperty("after").GetString());
        Assert.Contains(entries[2].GetProperty("changes").EnumerateArray(),
            c => c.GetProperty("field").GetString() == "lifecycle" && c.GetProperty("after").GetString() == "retired");

        var verify = await BodyAsync(await Admin.GetAsync("/api/v1/audit/verify"));
        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.True(verify.GetProperty("entriesChecked").GetInt64() >= 3);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("-name")]
    [InlineData("-createdAt")]
    [InlineData("criticality")]
    [InlineData("updatedAt")]
    public async Task Paging_walks_every_service_once_in_order(string sort)
    {
        var criticalities = new[] { "low", "medium", "high", "critical" };
        for (var i = 0; i < 11; i++)
        {
            await CreateServiceAsync($"Svc {(char)('A' + ((i * 7) % 11))}{i}", criticalities[i % 4]);
            Factory.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/services?limit=4&sort={sort}" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await BodyAsync(await Admin.GetAsync(url));
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(11, seen.Select(s => s.GetProperty("id").GetGuid()).Distinct().Count());
        var names = seen.Select(s => s.GetProperty("name").GetString()!).ToList();
        switch (sort)
        {
            case "name":
                Assert.Equal(names.Order(StringComparer.Ordinal), names);
                break;
            case "-name":
                Assert.Equal(names.OrderDescending(StringComparer.Ordinal), names);
                break;
            case "-createdAt":
                Assert.Equal(Enumerable.Range(0, 11).Reverse().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    names.Select(n => n[5..]));
                break;
            case "criticality":
                var ranks = seen.Select(s => Array.IndexOf(criticalities, s.GetProperty("criticality").GetString())).ToList();
                Assert.Equal(ranks.Order(), ranks);
                break;
        }
    }

    [Fact]
    public async Task Filters_narrow_the_list()
    {
        await CreateServiceAsync("Mail", "high", "live");
        await CreateServiceAsync("Payroll", "critical", "live");
        await CreateServiceAsync("Video", "low");
        async Task<List<string>> Names(string query) =>
            (await BodyAsync(await Admin.GetAsync($"/api/v1/services?{query}"))).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("name").GetString()!).ToList();

        Assert.Equal(["Mail", "Payroll"], await Names("lifecycle=live"));
        Assert.Equal(["Video"], await Names("lifecycle=pipeline"));
        Assert.Equal(["Mail", "Video"], await Names("criticality=high,low"));
        Assert.Equal(["Payroll"], await Names("search=PAYR"));
        Assert.Equal(["Mail"], await Names("search=mail%20description"));
        Assert.Empty(await Names($"ownerId={Guid.NewGuid()}"));
    }

    [Fact]
    public async Task Stale_if_match_is_409_and_changes_nothing()
    {
        var id = (await CreateServiceAsync("Mail")).GetProperty("id").GetGuid();
        var first = await PutAsync(id, "\"1\"", new { name = "Mail A", criticality = "high", lifecycle = "pipeline" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var auditBefore = await AuditCountAsync();

        var stale = await PutAsync(id, "\"1\"", new { name = "Mail B", criticality = "low", lifecycle = "pipeline" });
        var problem = await AssertProblemAsync(stale, HttpStatusCode.Conflict, "If-Match");
        Assert.Equal("concurrency", problem.GetProperty("rule").GetString());

        var missing = await PutAsync(id, null, new { name = "Mail C", criticality = "low", lifecycle = "pipeline" });
        await AssertProblemAsync(missing, (HttpStatusCode)428, "If-Match");

        var now = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{id}"));
        Assert.Equal("Mail A", now.GetProperty("name").GetString());
        Assert.Equal(2, now.GetProperty("version").GetInt32());
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task Concurrent_edits_with_the_same_version_let_exactly_one_win()
    {
        var id = (await CreateServiceAsync("Race")).GetProperty("id").GetGuid();
        var tasks = Enumerable.Range(0, 6)
            .Select(i => PutAsync(id, "\"1\"", new { name = $"Race {i}", criticality = "low", lifecycle = "pipeline" }))
            .ToList();
        var responses = await Task.WhenAll(tasks);
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var now = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{id}"));
        Assert.Equal(2, now.GetProperty("version").GetInt32());
        var verify = await BodyAsync(await Admin.GetAsync("/api/v1/audit/verify"));
        Assert.True(verify.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Concurrent_creates_keep_the_audit_chain_linear()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Admin.PostAsJsonAsync("/api/v1/services", new { name = $"Parallel {i}", criticality = "low" })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var verify = await BodyAsync(await Admin.GetAsync("/api/v1/audit/verify"));
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
    }

    [Fact]
    public async Task Idempotency_key_makes_a_retried_create_create_once()
    {
        async Task<HttpResponseMessage> Post(string key, object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await Admin.SendAsync(request);
        }

        var first = await Post("create-mail-1", new { name = "Mail", criticality = "high" });
        var second = await Post("create-mail-1", new { name = "Mail", criticality = "high" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal((await BodyAsync(first)).GetProperty("id").GetGuid(), (await BodyAsync(second)).GetProperty("id").GetGuid());
        Assert.Equal(1, (await BodyAsync(await Admin.GetAsync("/api/v1/services"))).GetProperty("items").GetArrayLength());

        var reused = await Post("create-mail-1", new { name = "Other", criticality = "high" });
        await AssertProblemAsync(reused, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");

        // A rejected request is not remembered: the client may correct it and retry with the same key.
        var invalid = await Post("create-2", new { name = "", criticality = "high" });
        await AssertProblemAsync(invalid, HttpStatusCode.BadRequest, "name");
        var corrected = await Post("create-2", new { name = "Calendar", criticality = "high" });
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);

        var overlong = await Post(new string('k', 201), new { name = "X", criticality = "high" });
        await AssertProblemAsync(overlong, HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task Duplicate_names_are_refused_on_create_and_rename()
    {
        await CreateServiceAsync("Mail");
        var id = (await CreateServiceAsync("Chat")).GetProperty("id").GetGuid();
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/services", new { name = "Mail", criticality = "low" }),
            HttpStatusCode.Conflict, "name");
        await AssertProblemAsync(await PutAsync(id, "\"1\"", new { name = "Mail", criticality = "low", lifecycle = "pipeline" }),
            HttpStatusCode.Conflict, "name");
    }

    [Fact]
    public async Task Domain_rules_answer_409_with_the_rule()
    {
        var id = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var back = await PutAsync(id, "\"1\"", new { name = "Mail", criticality = "low", lifecycle = "pipeline" });
        Assert.Equal("catalogue.lifecycle-forward", (await AssertProblemAsync(back, HttpStatusCode.Conflict, "lifecycle")).GetProperty("rule").GetString());

        var retire = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/services/{id}/retire");
        retire.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await Admin.SendAsync(retire)).StatusCode);
        var again = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/services/{id}/retire");
        again.Headers.IfMatch.Add(new EntityTagHeaderValue("\"2\""));
        var problem = await AssertProblemAsync(await Admin.SendAsync(again), HttpStatusCode.Conflict);
        Assert.Equal("catalogue.retired-is-final", problem.GetProperty("rule").GetString());
    }

    [Theory]
    [InlineData("{\"name\": \"X\", \"criticality\": \"high\"", "body")]
    [InlineData("not json", "body")]
    [InlineData("{\"name\": \"X\", \"criticality\": \"high\", \"colour\": \"red\"}", "colour")]
    [InlineData("{\"name\": 42, \"criticality\": \"high\"}", "name")]
    [InlineData("{\"name\": \"X\", \"criticality\": \"extreme\"}", "criticality")]
    [InlineData("{\"name\": \"X\", \"criticality\": 3}", "criticality")]
    [InlineData("{\"name\": \"X\", \"criticality\": \"high\", \"lifecycle\": \"dead\"}", "lifecycle")]
    [InlineData("{\"name\": \"X\", \"criticality\": \"high\", \"lifecycle\": \"retired\"}", "lifecycle")]
    [InlineData("{\"criticality\": \"high\"}", "name")]
    [InlineData("{\"name\": \"   \", \"criticality\": \"high\"}", "name")]
    [InlineData("{\"name\": \"X\"}", "criticality")]
    [InlineData("{\"name\": \"X\", \"criticality\": \"high\", \"ownerId\": \"not-a-guid\"}", "ownerId")]
    [InlineData("{\"name\": \"X\", \"criticality\": \"high\", \"ownerId\": \"5b1e3c1e-0000-4000-8000-000000000000\"}", "ownerId")]
    [InlineData("", "body")]
    [InlineData("[]", "body")]
    public async Task Bad_input_is_400_naming_the_field_and_writes_nothing(string json, string field)
    {
        var auditBefore = await AuditCountAsync();
        var response = await Admin.PostAsync("/api/v1/services", RawJson(json));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(0, (await BodyAsync(await Admin.GetAsync("/api/v1/services"))).GetProperty("items").GetArrayLength());
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task Overlong_strings_are_refused()
    {
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/services", new { name = new string('n', 201), criticality = "low" }),
            HttpStatusCode.BadRequest, "name");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/services", new { name = "ok", description = new string('d', 4001), criticality = "low" }),
            HttpStatusCode.BadRequest, "description");
        var fits = await Admin.PostAsJsonAsync("/api/v1/services", new { name = new string('n', 200), description = new string('d', 4000), criticality = "low" });
        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=500", "limit")]
    [InlineData("sort=owner", "sort")]
    [InlineData("cursor=%%%", "cursor")]
    [InlineData("cursor=eyJTIjoibmFtZSJ9", "cursor")]
    [InlineData("lifecycle=dead", "lifecycle")]
    [InlineData("criticality=1", "criticality")]
    [InlineData("ownerId=me", "ownerId")]
    public async Task Bad_list_parameters_are_400_naming_the_parameter(string query, string field)
    {
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/services?{query}"), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_cursor_is_bound_to_its_sort()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateServiceAsync($"S{i}");
        }

        var cursor = (await BodyAsync(await Admin.GetAsync("/api/v1/services?limit=1&sort=name"))).GetProperty("nextCursor").GetString();
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/services?limit=1&sort=-name&cursor={cursor}"), HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        var id = Guid.NewGuid();
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/services/{id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await PutAsync(id, "\"1\"", new { name = "X", criticality = "low", lifecycle = "live" }), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/services/not-a-guid")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/nothing-here")).StatusCode);
    }

    [Fact]
    public async Task Owner_must_be_an_active_user_and_is_shown_by_name()
    {
        var (_, ownerId) = await Factory.UserClientAsync(Admin, "ServiceOwner");
        var created = await Admin.PostAsJsonAsync("/api/v1/services", new { name = "Mail", criticality = "low", ownerId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("ServiceOwner user", (await BodyAsync(created)).GetProperty("ownerName").GetString());

        var owned = await BodyAsync(await Admin.GetAsync($"/api/v1/services?ownerId={ownerId}"));
        Assert.Equal(1, owned.GetProperty("items").GetArrayLength());

        var user = await Admin.GetAsync($"/api/v1/users/{ownerId}");
        var deactivate = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/users/{ownerId}/deactivate");
        deactivate.Headers.IfMatch.Add(user.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await Admin.SendAsync(deactivate)).StatusCode);
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/services", new { name = "Chat", criticality = "low", ownerId }),
            HttpStatusCode.BadRequest, "ownerId");
    }

    private Task<HttpResponseMessage> PutAsync(Guid id, string? ifMatch, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/services/{id}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return Admin.SendAsync(request);
    }
}

public sealed class SqliteServicesApiTests(SqliteFactory factory) : ServicesApiTests<SqliteFactory>(factory);

public sealed class PostgresServicesApiTests(PostgresFactory factory) : ServicesApiTests<PostgresFactory>(factory);

public abstract class ServiceDependencyTests<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private async Task<HttpResponseMessage> SetAsync(Guid id, object dependsOn, string? etag = null)
    {
        etag ??= (await Admin.GetAsync($"/api/v1/services/{id}")).Headers.ETag!.Tag;
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/services/{id}/dependencies") { Content = JsonContent.Create(new { dependsOn }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await Admin.SendAsync(request);
    }

    [Fact]
    public async Task Dependencies_form_a_graph_without_cycles_and_show_in_history()
    {
        var web = (await CreateServiceAsync("Web shop", lifecycle: "live")).GetProperty("id").GetGuid();
        var payments = (await CreateServiceAsync("Payments", lifecycle: "live")).GetProperty("id").GetGuid();
        var database = (await CreateServiceAsync("Database", lifecycle: "live")).GetProperty("id").GetGuid();

        var set = await SetAsync(web, new[] { payments, database });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("\"2\"", set.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await SetAsync(payments, new[] { database })).StatusCode);

        var usedBy = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{database}/dependencies"));
        Assert.Equal(["Payments", "Web shop"], usedBy.GetProperty("usedBy").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        // Database → Web shop would close Database → Web shop → Payments → Database (or → Database directly).
        var cycle = await AssertProblemAsync(await SetAsync(database, new[] { web }), HttpStatusCode.BadRequest, "dependsOn[0]");
        Assert.Contains("cycle", cycle.GetProperty("errors").GetProperty("dependsOn[0]")[0].GetString(), StringComparison.Ordinal);
        await AssertProblemAsync(await SetAsync(database, new[] { database }), HttpStatusCode.BadRequest, "dependsOn[0]");
        await AssertProblemAsync(await SetAsync(database, new[] { Guid.NewGuid() }), HttpStatusCode.BadRequest, "dependsOn[0]");
        await AssertProblemAsync(await SetAsync(database, new[] { payments, payments }), HttpStatusCode.BadRequest, "dependsOn");
        await AssertProblemAsync(await SetAsync(web, new[] { database }, "\"1\""), HttpStatusCode.Conflict, "If-Match");

        // Removing a dependency is recorded in the service's own history by name.
        Assert.Equal(HttpStatusCode.OK, (await SetAsync(web, new[] { payments })).StatusCode);
        var history = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=Service&recordId={web}&limit=50"));
        var changes = history.GetProperty("items").EnumerateArray().SelectMany(e => e.GetProperty("changes").EnumerateArray())
            .Where(c => c.GetProperty("field").GetString() == "dependsOn")
            .Select(c => c.GetProperty("after").GetString() ?? c.GetProperty("before").GetString()).ToList();
        Assert.Contains("+Payments", changes);
        Assert.Contains("+Database", changes);
        Assert.Contains("-Database", changes);
    }

    [Fact]
    public async Task Two_concurrent_changes_cannot_close_a_cycle_between_them()
    {
        for (var round = 0; round < 4; round++)
        {
            var a = (await CreateServiceAsync($"A{round}")).GetProperty("id").GetGuid();
            var b = (await CreateServiceAsync($"B{round}")).GetProperty("id").GetGuid();
            var results = await Task.WhenAll(SetAsync(a, new[] { b }, "\"1\""), SetAsync(b, new[] { a }, "\"1\""));
            Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
            var edges = await WithDbAsync(db => db.Set<Quadrant.Modules.Catalogue.Domain.ServiceDependency>()
                .Where(d => (d.ServiceId == a && d.DependsOnId == b) || (d.ServiceId == b && d.DependsOnId == a)).CountAsync());
            Assert.Equal(1, edges);
        }
    }

    [Fact]
    public async Task Retired_services_keep_their_edges_but_gain_none()
    {
        var old = (await CreateServiceAsync("Old", lifecycle: "live")).GetProperty("id").GetGuid();
        var fresh = (await CreateServiceAsync("Fresh", lifecycle: "live")).GetProperty("id").GetGuid();
        var retire = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/services/{old}/retire");
        retire.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await Admin.SendAsync(retire)).StatusCode);
        await AssertProblemAsync(await SetAsync(fresh, new[] { old }), HttpStatusCode.BadRequest, "dependsOn[0]");
        await AssertProblemAsync(await SetAsync(old, new[] { fresh }), HttpStatusCode.Conflict);
    }
}

public sealed class SqliteServiceDependencyTests(SqliteFactory factory) : ServiceDependencyTests<SqliteFactory>(factory);

public sealed class PostgresServiceDependencyTests(PostgresFactory factory) : ServiceDependencyTests<PostgresFactory>(factory);
