using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

/// <summary>Requirements documents (versioned, immutable versions, diff) and intended outcomes of a service.</summary>
public abstract class ServiceRequirementsApiTests<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? etag, object? body)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return client.SendAsync(request);
    }

    private async Task<(Guid Id, string ETag)> LiveServiceAsync(string name = "Mail")
    {
        var service = await CreateServiceAsync(name, lifecycle: "live");
        return (service.GetProperty("id").GetGuid(), "\"" + service.GetProperty("version").GetInt32() + "\"");
    }

    [Fact]
    public async Task Each_save_adds_an_immutable_version_and_moves_the_service_version()
    {
        var (id, etag) = await LiveServiceAsync();
        var empty = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{id}/requirements"));
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("current").ValueKind);

        var first = await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/requirements", etag,
            new { summary = "Deliver mail within a minute.", body = "# Mail\n- Deliver mail\n- Keep 10 GB per mailbox\n", changeNote = "First draft" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstBody = await BodyAsync(first);
        Assert.Equal(1, firstBody.GetProperty("current").GetProperty("number").GetInt32());
        Assert.Equal("Test Admin", firstBody.GetProperty("current").GetProperty("authorName").GetString());
        Assert.Equal("\"2\"", first.Headers.ETag!.Tag);

        // The service's ETag moved: the old one is stale now, and a missing one is 428.
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/requirements", etag,
            new { summary = "S", body = "B" }), HttpStatusCode.Conflict, "If-Match");
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/requirements", null,
            new { summary = "S", body = "B" }), HttpStatusCode.PreconditionRequired, "If-Match");

        Factory.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/requirements", "\"2\"",
            new { summary = "Deliver mail within a minute.", body = "# Mail\n- Deliver mail\n- Keep 50 GB per mailbox\n- Archive for 10 years", changeNote = "Bigger mailboxes" });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, (await BodyAsync(second)).GetProperty("current").GetProperty("number").GetInt32());

        // Saving the same text again is refused and adds nothing.
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/requirements", "\"3\"",
            new { summary = "Deliver mail within a minute.", body = "# Mail\r\n- Deliver mail\r\n- Keep 50 GB per mailbox\r\n- Archive for 10 years" }), HttpStatusCode.Conflict, "body");

        var versions = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{id}/requirements/versions"));
        Assert.Equal([2, 1], versions.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        Assert.False(versions.GetProperty("items")[0].TryGetProperty("body", out _));
        var oldest = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{id}/requirements/versions?sort=number&limit=1"));
        Assert.Equal(1, oldest.GetProperty("items")[0].GetProperty("number").GetInt32());
        Assert.NotNull(oldest.GetProperty("nextCursor").GetString());

        // Version 1 is exactly as first saved.
        var v1 = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{id}/requirements/versions/1"));
        Assert.Equal("# Mail\n- Deliver mail\n- Keep 10 GB per mailbox", v1.GetProperty("body").GetString());
        Assert.Equal("First draft", v1.GetProperty("changeNote").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/services/{id}/requirements/versions/9")).StatusCode);

        // Versions cannot be changed or removed: there is no such route.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/requirements/versions/1", "\"1\"", new { summary = "x", body = "y" })).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await SendAsync(Admin, HttpMethod.Delete, $"/api/v1/services/{id}/requirements/versions/1", "\"1\"", null)).StatusCode);

        var diff = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{id}/requirements/diff?from=1&to=2"));
        Assert.Equal(2, diff.GetProperty("added").GetInt32());
        Assert.Equal(1, diff.GetProperty("removed").GetInt32());
        var changed = diff.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("kind").GetString() != "same")
            .Select(l => l.GetProperty("kind").GetString() + " " + l.GetProperty("text").GetString()).ToList();
        Assert.Equal(["removed - Keep 10 GB per mailbox", "added - Keep 50 GB per mailbox", "added - Archive for 10 years"], changed);

        // The service's history names each version.
        var history = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=Service&recordId={id}&limit=50"));
        var requirements = history.GetProperty("items").EnumerateArray().SelectMany(e => e.GetProperty("changes").EnumerateArray())
            .Where(c => c.GetProperty("field").GetString() == "requirements").Select(c => c.GetProperty("after").GetString()).ToList();
        Assert.Equal(["+version 1 (First draft)", "+version 2 (Bigger mailboxes)"], requirements.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"body":"text"}""", "summary")]
    [InlineData("""{"summary":"  ","body":"text"}""", "summary")]
    [InlineData("""{"summary":"S"}""", "body")]
    [InlineData("""{"summary":"S","body":"B","changeNote":"#LONG#"}""", "changeNote")]
    [InlineData("""{"summary":"#LONG#","body":"B"}""", "summary")]
    [InlineData("""{"summary":"S","body":"B","author":"me"}""", "author")]
    public async Task Bad_requirements_are_400_naming_the_field_and_save_nothing(string json, string field)
    {
        var (id, etag) = await LiveServiceAsync();
        var before = await AuditCountAsync();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/services/{id}/requirements") { Content = RawJson(json.Replace("#LONG#", new string('x', 501), StringComparison.Ordinal)) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        await AssertProblemAsync(await Admin.SendAsync(request), HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await AuditCountAsync());
        Assert.Equal(JsonValueKind.Null, (await BodyAsync(await Admin.GetAsync($"/api/v1/services/{id}/requirements"))).GetProperty("current").ValueKind);
    }

    [Fact]
    public async Task Requirements_of_unknown_or_retired_services_and_bad_diffs_are_refused()
    {
        var unknown = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{unknown}/requirements", "\"1\"", new { summary = "S", body = "B" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/services/{unknown}/requirements/versions")).StatusCode);

        var (id, etag) = await LiveServiceAsync();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/requirements", etag, new { summary = "S", body = "B" })).StatusCode);
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/services/{id}/requirements/diff?from=1&to=5"), HttpStatusCode.BadRequest, "to");
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/services/{id}/requirements/diff?from=x&to=1"), HttpStatusCode.BadRequest, "from");
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/services/{id}/requirements/versions?sort=author"), HttpStatusCode.BadRequest, "sort");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Admin, HttpMethod.Post, $"/api/v1/services/{id}/retire", "\"2\"", null)).StatusCode);
        var retired = await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/requirements", "\"3\"", new { summary = "S2", body = "B2" }), HttpStatusCode.Conflict);
        Assert.Equal("catalogue.retired-is-final", retired.GetProperty("rule").GetString());

        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/services/{id}/requirements/versions/1")).StatusCode);
        await AssertProblemAsync(await SendAsync(agent, HttpMethod.Put, $"/api/v1/services/{id}/requirements", "\"3\"", new { summary = "S", body = "B" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Two_saves_with_the_same_version_cannot_both_win()
    {
        var (id, etag) = await LiveServiceAsync();
        var results = await Task.WhenAll(Enumerable.Range(1, 4).Select(i =>
            SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/requirements", etag, new { summary = $"Summary {i}", body = $"Body {i}" })));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var versions = await BodyAsync(await Admin.GetAsync($"/api/v1/services/{id}/requirements/versions"));
        Assert.Equal(1, versions.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Outcomes_are_replaced_as_a_list_with_if_match_and_validated()
    {
        var (id, etag) = await LiveServiceAsync();
        var set = await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/outcomes", etag,
            new { outcomes = new[] { "  Staff can send and receive mail from anywhere ", "Mail is kept for ten years" } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("\"2\"", set.Headers.ETag!.Tag);
        Assert.Equal(["Staff can send and receive mail from anywhere", "Mail is kept for ten years"],
            (await BodyAsync(set)).GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));

        var read = await Admin.GetAsync($"/api/v1/services/{id}/outcomes");
        Assert.Equal("\"2\"", read.Headers.ETag!.Tag);
        Assert.Equal(2, (await BodyAsync(read)).GetProperty("outcomes").GetArrayLength());

        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/outcomes", "\"1\"", new { outcomes = Array.Empty<string>() }), HttpStatusCode.Conflict, "If-Match");
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/outcomes", null, new { outcomes = Array.Empty<string>() }), HttpStatusCode.PreconditionRequired);
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/outcomes", "\"2\"", new { outcomes = new[] { "A", " " } }), HttpStatusCode.BadRequest, "outcomes[1]");
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/outcomes", "\"2\"", new { outcomes = new[] { "A", "a " } }), HttpStatusCode.BadRequest, "outcomes[1]");
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/outcomes", "\"2\"", new { outcomes = new[] { new string('x', 501) } }), HttpStatusCode.BadRequest, "outcomes[0]");
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/outcomes", "\"2\"", new { outcomes = Enumerable.Range(0, 51).Select(i => $"O{i}") }), HttpStatusCode.BadRequest, "outcomes");
        await AssertProblemAsync(await SendAsync(Admin, HttpMethod.Put, $"/api/v1/services/{id}/outcomes", "\"2\"", new { }), HttpStatusCode.BadRequest, "outcomes");
        Assert.Equal(2, (await BodyAsync(await Admin.GetAsync($"/api/v1/services/{id}/outcomes"))).GetProperty("outcomes").GetArrayLength());

        var history = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=Service&recordId={id}&limit=50"));
        Assert.Contains(history.GetProperty("items").EnumerateArray().SelectMany(e => e.GetProperty("changes").EnumerateArray()),
            c => c.GetProperty("field").GetString() == "outcomes" && c.GetProperty("after").GetString()!.Contains("Mail is kept for ten years", StringComparison.Ordinal));
    }
}

public sealed class SqliteServiceRequirementsApiTests(SqliteFactory factory) : ServiceRequirementsApiTests<SqliteFactory>(factory);

public sealed class PostgresServiceRequirementsApiTests(PostgresFactory factory) : ServiceRequirementsApiTests<PostgresFactory>(factory);
