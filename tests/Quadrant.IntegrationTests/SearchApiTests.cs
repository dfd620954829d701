using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

public abstract class SearchApiTests<TFactory>(TFactory factory) : KnowledgeTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private static async Task<JsonElement> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/search?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string?> References(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()).ToList();

    [Fact]
    public async Task Title_matches_rank_above_body_matches_and_matched_words_are_highlighted_safely()
    {
        await PublishedArticleAsync("Printer shows paper jam", "Open tray 2 and remove the paper.", keywords: ["hardware"]);
        await PublishedArticleAsync("Ordering toner", "When the printer <script>alert(1)</script> says toner low, order a cartridge.");
        await PublishedArticleAsync("Unrelated article", "Nothing about it here.");

        var page = await SearchAsync(Admin, "q=printers&kinds=knowledge");
        Assert.Equal(["KB-000001", "KB-000002"], References(page));
        var first = page.GetProperty("items")[0];
        Assert.Equal("knowledge", first.GetProperty("kind").GetString());
        Assert.Equal("<mark>Printer</mark> shows paper jam", first.GetProperty("titleHtml").GetString());
        Assert.Equal($"/knowledge/{first.GetProperty("id").GetGuid()}", first.GetProperty("url").GetString());
        Assert.True(first.GetProperty("rank").GetDouble() > page.GetProperty("items")[1].GetProperty("rank").GetDouble());
        var snippet = page.GetProperty("items")[1].GetProperty("snippet").GetString()!;
        Assert.Contains("<mark>printer</mark>", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", snippet, StringComparison.Ordinal);

        // Phrases, exclusions and 'or' work as in a web search; the reference finds its record.
        Assert.Equal(["KB-000001"], References(await SearchAsync(Admin, "q=" + Uri.EscapeDataString("\"paper jam\""))));
        Assert.Equal(["KB-000002"], References(await SearchAsync(Admin, "q=" + Uri.EscapeDataString("printer -jam"))));
        Assert.Equal(2, References(await SearchAsync(Admin, "q=" + Uri.EscapeDataString("toner or tray"))).Count);
        Assert.Equal("KB-000002", References(await SearchAsync(Admin, "q=KB-000002"))[0]);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("AND OR (")]
    [InlineData("NOT")]
    [InlineData("printer*")]
    [InlineData("{Title}: printer")]
    [InlineData("title:printer")]
    [InlineData("NEAR(printer paper, 2)")]
    [InlineData("'; DROP TABLE search_documents; --")]
    [InlineData("^printer")]
    [InlineData("-printer")]
    [InlineData("printer AND")]
    [InlineData("!!! ??? ***")]
    [InlineData("\\\"\\\" ()()")]
    [InlineData("the a of")]
    [InlineData("\u00e9\u00e8\u4e2d\u6587 \ud83d\ude00")]
    [InlineData("x\u0000y")]
    public async Task Odd_queries_never_fail(string q)
    {
        await PublishedArticleAsync("Printer shows paper jam", "Open tray 2 and remove the paper.");
        var page = await SearchAsync(Admin, "q=" + Uri.EscapeDataString(q));
        Assert.True(page.GetProperty("items").GetArrayLength() <= 1);
        // The table is still there.
        Assert.Single(References(await SearchAsync(Admin, "q=printer")));
    }

    [Fact]
    public async Task Bad_parameters_are_400_naming_them()
    {
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/search"), HttpStatusCode.BadRequest, "q");
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/search?q=%20%20"), HttpStatusCode.BadRequest, "q");
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/search?q=" + new string('x', 201)), HttpStatusCode.BadRequest, "q");
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/search?q=x&kinds=incident,changes"), HttpStatusCode.BadRequest, "kinds");
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/search?q=x&limit=0"), HttpStatusCode.BadRequest, "limit");
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/search?q=x&limit=51"), HttpStatusCode.BadRequest, "limit");
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/search?q=x&cursor=garbage"), HttpStatusCode.BadRequest, "cursor");
        var kinds = await BodyAsync(await Admin.GetAsync("/api/v1/search/kinds"));
        Assert.Equal(["incident", "knowledge", "request"], kinds.EnumerateArray().Select(k => k.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task Incidents_are_indexed_on_create_update_and_comment_and_work_notes_stay_with_the_desk()
    {
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (bob, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        var incident = await BodyAsync(await alice.PostAsJsonAsync("/api/v1/incidents", new { title = "VPN drops every hour", serviceId = service, description = "Since Monday." }));
        var id = Id(incident);
        await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "VPN slow at home", serviceId = service }));

        Assert.Equal(2, References(await SearchAsync(agent, "q=vpn")).Count);
        Assert.Equal(["INC-000001"], References(await SearchAsync(alice, "q=vpn")));
        Assert.Empty(References(await SearchAsync(bob, "q=vpn")));

        // An edit is found at once.
        var put = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incidents/{id}", "\"1\"",
            new { title = "VPN drops every hour", description = "Since Monday, only on the hotel wifi.", serviceId = service });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["INC-000001"], References(await SearchAsync(alice, "q=hotel")));

        // A public comment is found by the requester; a work note only by the desk.
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/incidents/{id}/comments",
            new { body = "Please try the backup gateway.", isPublic = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/incidents/{id}/comments",
            new { body = "Firewall rule 4711 drops keepalives.", isPublic = false })).StatusCode);
        Assert.Equal(["INC-000001"], References(await SearchAsync(alice, "q=gateway")));
        Assert.Empty(References(await SearchAsync(alice, "q=firewall")));
        Assert.Empty(References(await SearchAsync(alice, "q=" + Uri.EscapeDataString("vpn firewall"))));
        var staff = await SearchAsync(agent, "q=firewall");
        Assert.Equal(["INC-000001"], References(staff));
        Assert.Equal("staffText", staff.GetProperty("items")[0].GetProperty("matchedIn").GetString());
        Assert.Contains("<mark>Firewall</mark>", staff.GetProperty("items")[0].GetProperty("snippet").GetString(), StringComparison.Ordinal);
        // Words from the description and the work note together are found by the desk.
        Assert.Equal(["INC-000001"], References(await SearchAsync(agent, "q=" + Uri.EscapeDataString("hotel keepalives"))));
        // A requester's own snippet never shows the work note, even when the title matched.
        var own = await SearchAsync(alice, "q=vpn");
        Assert.DoesNotContain("Firewall", own.GetProperty("items")[0].GetProperty("snippet").GetString(), StringComparison.OrdinalIgnoreCase);

        // Resolution notes are searchable too.
        var current = await Admin.GetAsync($"/api/v1/incidents/{id}");
        Assert.Equal(HttpStatusCode.OK, (await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/transitions", current.Headers.ETag!.Tag,
            new { to = "resolved", resolutionCode = "Fixed", resolutionNotes = "Replaced the tunnel certificate." })).StatusCode);
        Assert.Equal(["INC-000001"], References(await SearchAsync(alice, "q=certificate")));
        Assert.Equal(["INC-000001"], References(await SearchAsync(agent, "q=INC-000001&kinds=incident")));
    }

    [Fact]
    public async Task Requesters_find_published_articles_for_everyone_only_and_retired_ones_leave_the_index()
    {
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (auditor, _) = await Factory.UserClientAsync(Admin, "Auditor");
        var everyone = await PublishedArticleAsync("Configure mail on your phone", "Add the account with your staff e-mail address.");
        await PublishedArticleAsync("Mail gateway runbook", "Restart the mail gateway service.", audience: "staff");
        await CreateArticleAsync("Mail draft", "Draft about mail.");

        Assert.Equal(["KB-000001"], References(await SearchAsync(requester, "q=mail")));
        Assert.Equal(2, References(await SearchAsync(auditor, "q=mail")).Count); // drafts are not searchable, published staff ones are
        var suggestions = await BodyAsync(await requester.GetAsync("/api/v1/knowledge/suggestions?q=" + Uri.EscapeDataString("cannot configure my pho")));
        Assert.Equal(["KB-000001"], suggestions.EnumerateArray().Select(s => s.GetProperty("reference").GetString()));
        Assert.Equal(0, (await BodyAsync(await requester.GetAsync("/api/v1/knowledge/suggestions?q="))).GetArrayLength());

        await MoveArticleAsync(everyone, "retired");
        Assert.Empty(References(await SearchAsync(requester, "q=mail")));
    }

    [Fact]
    public async Task Results_page_with_a_cursor_tied_to_the_query_and_the_index_can_be_rebuilt()
    {
        for (var i = 1; i <= 5; i++)
        {
            await PublishedArticleAsync($"Laptop guide part {i}", $"Laptop chapter {i}.");
        }

        var first = await SearchAsync(Admin, "q=laptop&limit=2");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await SearchAsync(Admin, $"q=laptop&limit=2&cursor={cursor}");
        var third = await SearchAsync(Admin, $"q=laptop&limit=2&cursor={second.GetProperty("nextCursor").GetString()}");
        Assert.Equal(5, References(first).Concat(References(second)).Concat(References(third)).Distinct().Count());
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/search?q=guide&limit=2&cursor={cursor}"), HttpStatusCode.BadRequest, "cursor");

        // Rebuilding the index gives the same answers; only administrators may.
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync("/api/v1/search/rebuild", null)).StatusCode);
        var rebuilt = await BodyAsync(await Admin.PostAsync("/api/v1/search/rebuild", null));
        Assert.Contains(rebuilt.EnumerateArray(), r => r.GetProperty("kind").GetString() == "knowledge" && r.GetProperty("documents").GetInt32() == 5);
        Assert.Equal(5, References(await SearchAsync(Admin, "q=laptop")).Count);
    }
}

public sealed class SqliteSearchApiTests(SqliteFactory factory) : SearchApiTests<SqliteFactory>(factory);

public sealed class PostgresSearchApiTests(PostgresFactory factory) : SearchApiTests<PostgresFactory>(factory);
