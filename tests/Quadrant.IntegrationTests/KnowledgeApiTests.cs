using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

/// <summary>Helpers for tests that write, publish and search knowledge articles.</summary>
public abstract class KnowledgeTestBase<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    protected async Task<JsonElement> CreateArticleAsync(string title, string body, string audience = "everyone", string[]? keywords = null,
        HttpClient? client = null, Guid? serviceId = null)
    {
        var response = await (client ?? Admin).PostAsJsonAsync("/api/v1/knowledge/articles",
            new { title, body, audience, keywords = keywords ?? [], category = "How-to", serviceId });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    protected async Task<JsonElement> MoveArticleAsync(JsonElement article, string to, HttpStatusCode expected = HttpStatusCode.OK, HttpClient? client = null,
        string? note = null)
    {
        var response = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/knowledge/articles/{Id(article)}/transitions",
            $"\"{article.GetProperty("version").GetInt32()}\"", new { to, note }, client);
        Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    protected async Task<JsonElement> PublishAsync(JsonElement article) =>
        await MoveArticleAsync(await MoveArticleAsync(article, "review"), "published");

    protected async Task<JsonElement> PublishedArticleAsync(string title, string body, string audience = "everyone", string[]? keywords = null) =>
        await PublishAsync(await CreateArticleAsync(title, body, audience, keywords));

    protected static Guid Id(JsonElement record) => record.GetProperty("id").GetGuid();
}

public abstract class KnowledgeApiTests<TFactory>(TFactory factory) : KnowledgeTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    [Fact]
    public async Task Every_edit_is_a_version_and_a_published_version_stays_readable_while_a_new_one_is_drafted()
    {
        var (agent, agentId) = await Factory.UserClientAsync(Admin, "Agent");
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester");
        var article = await CreateArticleAsync("Reset your VPN token", "Open **Settings** and choose *Reset token*.", client: agent);
        Assert.Equal("KB-000001", article.GetProperty("reference").GetString());
        Assert.Equal("draft", article.GetProperty("status").GetString());
        Assert.Equal(agentId, article.GetProperty("ownerId").GetGuid());
        Assert.Equal(1, article.GetProperty("currentVersion").GetInt32());
        Assert.Contains("<strong>Settings</strong>", article.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal(DateOnly.FromDateTime(Factory.Time.GetUtcNow().UtcDateTime).AddYears(1).ToString("yyyy-MM-dd", null),
            article.GetProperty("reviewDate").GetString());

        // Drafts are invisible to requesters (404, and not listed).
        Assert.Equal(HttpStatusCode.NotFound, (await requester.GetAsync($"/api/v1/knowledge/articles/{Id(article)}")).StatusCode);
        Assert.Equal(0, (await BodyAsync(await requester.GetAsync("/api/v1/knowledge/articles"))).GetProperty("items").GetArrayLength());

        // An edit of the content is version 2; an edit of owner or review date alone is no new version.
        var edit = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/knowledge/articles/{Id(article)}", "\"1\"", new
        {
            title = "Reset your VPN token", body = "Open **Settings**, choose *Reset token* and sign in again.", audience = "everyone", category = "How-to",
            changeNote = "Sign in again",
        }, agent);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        article = await BodyAsync(edit);
        Assert.Equal(2, article.GetProperty("currentVersion").GetInt32());
        var same = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/knowledge/articles/{Id(article)}", "\"2\"", new
        {
            title = "Reset your VPN token", body = "Open **Settings**, choose *Reset token* and sign in again.\n", audience = "everyone", category = "How-to",
            reviewDate = DateOnly.FromDateTime(Factory.Time.GetUtcNow().UtcDateTime).AddMonths(6),
        }, agent);
        article = await BodyAsync(same);
        Assert.Equal(2, article.GetProperty("currentVersion").GetInt32());

        // Agents write but do not publish.
        article = await MoveArticleAsync(article, "review", client: agent);
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/knowledge/articles/{Id(article)}/transitions",
            $"\"{article.GetProperty("version").GetInt32()}\"", new { to = "published" }, agent), HttpStatusCode.Forbidden);
        // Content is frozen in review.
        var frozen = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/knowledge/articles/{Id(article)}", $"\"{article.GetProperty("version").GetInt32()}\"",
            new { title = "Changed", body = "x", audience = "everyone" }, agent);
        Assert.Equal("knowledge.in-review", (await AssertProblemAsync(frozen, HttpStatusCode.Conflict)).GetProperty("rule").GetString());

        article = await MoveArticleAsync(article, "published");
        Assert.Equal(2, article.GetProperty("publishedVersion").GetInt32());
        Assert.True(article.GetProperty("live").GetBoolean());
        var seen = await BodyAsync(await requester.GetAsync($"/api/v1/knowledge/articles/{Id(article)}"));
        Assert.Equal(2, seen.GetProperty("shownVersion").GetInt32());

        // A new draft over the published version: staff see version 3, the requester still version 2.
        var revise = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/knowledge/articles/{Id(article)}", $"\"{article.GetProperty("version").GetInt32()}\"", new
        {
            title = "Reset your VPN token (new portal)", body = "Use the new self-service portal.", audience = "everyone", category = "How-to",
            changeNote = "New portal",
        }, agent);
        article = await BodyAsync(revise);
        Assert.Equal("draft", article.GetProperty("status").GetString());
        Assert.Equal(3, article.GetProperty("currentVersion").GetInt32());
        Assert.Equal(2, article.GetProperty("publishedVersion").GetInt32());
        seen = await BodyAsync(await requester.GetAsync($"/api/v1/knowledge/articles/{Id(article)}"));
        Assert.Equal("Reset your VPN token", seen.GetProperty("title").GetString());
        Assert.Contains("sign in again", seen.GetProperty("body").GetString(), StringComparison.Ordinal);

        // History, newest first; the published version is unchanged and can be opened.
        var versions = await BodyAsync(await agent.GetAsync($"/api/v1/knowledge/articles/{Id(article)}/versions"));
        Assert.Equal([3, 2, 1], versions.EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        Assert.True(versions[1].GetProperty("isLive").GetBoolean());
        Assert.Equal("Sign in again", versions[1].GetProperty("changeNote").GetString());
        var v2 = await BodyAsync(await agent.GetAsync($"/api/v1/knowledge/articles/{Id(article)}/versions/2"));
        Assert.Equal("Open **Settings**, choose *Reset token* and sign in again.", v2.GetProperty("body").GetString());
        Assert.NotNull(v2.GetProperty("publishedAt").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/knowledge/articles/{Id(article)}/versions/9")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync($"/api/v1/knowledge/articles/{Id(article)}/versions")).StatusCode);

        // Publishing version 3 replaces what readers see; retiring takes it away from them; retired is final.
        article = await PublishAsync(article);
        seen = await BodyAsync(await requester.GetAsync($"/api/v1/knowledge/articles/{Id(article)}"));
        Assert.Equal("Reset your VPN token (new portal)", seen.GetProperty("title").GetString());
        article = await MoveArticleAsync(article, "retired", note: "Replaced by the SSO portal");
        Assert.Equal(HttpStatusCode.NotFound, (await requester.GetAsync($"/api/v1/knowledge/articles/{Id(article)}")).StatusCode);
        var refused = await MoveArticleAsync(article, "draft", HttpStatusCode.Conflict);
        Assert.Equal("knowledge.transition", refused.GetProperty("rule").GetString());
        Assert.Contains("Allowed: none", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("knowledge.retired", (await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/knowledge/articles/{Id(article)}",
            $"\"{article.GetProperty("version").GetInt32()}\"", new { title = "x", body = "y" }), HttpStatusCode.Conflict)).GetProperty("rule").GetString());

        // The article's history records each version as part of it.
        var audit = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=KnowledgeArticle&recordId={Id(article)}&limit=200"));
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("changes").EnumerateArray()
            .Any(c => c.GetProperty("field").GetString() == "versions" && c.GetProperty("after").GetString() == "+version 2 (Sign in again)"));
    }

    [Fact]
    public async Task Impossible_moves_are_409_naming_the_allowed_ones_and_stale_versions_are_refused()
    {
        var article = await CreateArticleAsync("Printer setup", "Add the printer by its name.");
        var refused = await MoveArticleAsync(article, "published", HttpStatusCode.Conflict);
        Assert.Equal("knowledge.transition", refused.GetProperty("rule").GetString());
        Assert.Contains("Allowed: review, retired", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/knowledge/articles/{Id(article)}/transitions", "\"1\"", new { to = "archived" }),
            HttpStatusCode.BadRequest, "to");
        Assert.Equal(HttpStatusCode.PreconditionRequired,
            (await Admin.PostAsJsonAsync($"/api/v1/knowledge/articles/{Id(article)}/transitions", new { to = "review" })).StatusCode);
        article = await MoveArticleAsync(article, "review");
        Assert.Equal("concurrency", (await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post,
            $"/api/v1/knowledge/articles/{Id(article)}/transitions", "\"1\"", new { to = "draft" }), HttpStatusCode.Conflict)).GetProperty("rule").GetString());
        article = await MoveArticleAsync(article, "draft", note: "Add a screenshot");
        Assert.Equal("Add a screenshot", article.GetProperty("statusNote").GetString());
        Assert.Equal(["review", "retired"], article.GetProperty("allowedTransitions").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("""{"body":"x"}""", "title")]
    [InlineData("""{"title":"x"}""", "body")]
    [InlineData("""{"title":"x","body":"y","audience":"world"}""", "audience")]
    [InlineData("""{"title":"x","body":"y","serviceId":"6f1e1c1e-0000-4000-8000-000000000000"}""", "serviceId")]
    [InlineData("""{"title":"x","body":"y","ownerId":"6f1e1c1e-0000-4000-8000-000000000000"}""", "ownerId")]
    [InlineData("""{"title":"x","body":"y","keywords":["ok","a,b"]}""", "keywords[1]")]
    [InlineData("""{"title":"x","body":"y","reviewDate":"2001-01-01"}""", "reviewDate")]
    public async Task Bad_articles_are_400_naming_the_field_and_write_nothing(string json, string field)
    {
        await AssertProblemAsync(await Admin.PostAsync("/api/v1/knowledge/articles", RawJson(json)), HttpStatusCode.BadRequest, field);
        Assert.Equal(0, (await BodyAsync(await Admin.GetAsync("/api/v1/knowledge/articles"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Requesters_and_auditors_cannot_write_and_requesters_see_only_published_articles_for_everyone()
    {
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (auditor, _) = await Factory.UserClientAsync(Admin, "Auditor");
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.PostAsJsonAsync("/api/v1/knowledge/articles", new { title = "x", body = "y" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync("/api/v1/knowledge/articles", new { title = "x", body = "y" })).StatusCode);

        var everyone = await PublishedArticleAsync("Connect to the guest Wi-Fi", "Choose *Guest* and accept the terms.");
        var staffOnly = await PublishedArticleAsync("Restart the mail gateway", "Log on to the gateway and restart the service.", audience: "staff");
        await CreateArticleAsync("Draft about printers", "Not ready.");

        var list = await BodyAsync(await requester.GetAsync("/api/v1/knowledge/articles"));
        Assert.Equal(["Connect to the guest Wi-Fi"], list.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("title").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await requester.GetAsync($"/api/v1/knowledge/articles/{Id(staffOnly)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await requester.GetAsync($"/api/v1/knowledge/articles/{Id(everyone)}")).StatusCode);
        // The auditor reads everything, in every state, as evidence.
        Assert.Equal(3, (await BodyAsync(await auditor.GetAsync("/api/v1/knowledge/articles"))).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/v1/knowledge/articles/{Id(staffOnly)}/versions")).StatusCode);
    }

    [Fact]
    public async Task The_list_filters_sorts_and_pages_and_review_due_articles_can_be_listed()
    {
        var mail = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var a = await CreateArticleAsync("Alpha", "a", serviceId: mail);
        var b = await PublishedArticleAsync("Bravo", "b");
        await CreateArticleAsync("Charlie", "c");
        Factory.Time.Advance(TimeSpan.FromDays(400));
        var admin = await Factory.AdminClientAsync(); // the first token expired meanwhile
        var d = await CreateArticleAsync("Delta", "d", client: admin);

        var due = await BodyAsync(await admin.GetAsync("/api/v1/knowledge/articles?reviewDue=true&sort=title"));
        Assert.Equal(["Alpha", "Bravo", "Charlie"], due.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("title").GetString()));
        Assert.True(due.GetProperty("items")[0].GetProperty("reviewDue").GetBoolean());
        Assert.Equal(["Delta"], (await BodyAsync(await admin.GetAsync("/api/v1/knowledge/articles?reviewDue=false")))
            .GetProperty("items").EnumerateArray().Select(x => x.GetProperty("title").GetString()));
        Assert.Equal(["Bravo"], (await BodyAsync(await admin.GetAsync("/api/v1/knowledge/articles?status=published")))
            .GetProperty("items").EnumerateArray().Select(x => x.GetProperty("title").GetString()));
        Assert.Equal(["Alpha"], (await BodyAsync(await admin.GetAsync($"/api/v1/knowledge/articles?serviceId={mail}")))
            .GetProperty("items").EnumerateArray().Select(x => x.GetProperty("title").GetString()));
        Assert.Equal(["Delta"], (await BodyAsync(await admin.GetAsync("/api/v1/knowledge/articles?search=KB-000004")))
            .GetProperty("items").EnumerateArray().Select(x => x.GetProperty("title").GetString()));

        var first = await BodyAsync(await admin.GetAsync("/api/v1/knowledge/articles?sort=-reviewDate&limit=2"));
        Assert.Equal("Delta", first.GetProperty("items")[0].GetProperty("title").GetString());
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var second = await BodyAsync(await admin.GetAsync($"/api/v1/knowledge/articles?sort=-reviewDate&limit=2&cursor={first.GetProperty("nextCursor").GetString()}"));
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);

        await AssertProblemAsync(await admin.GetAsync("/api/v1/knowledge/articles?status=open"), HttpStatusCode.BadRequest, "status");
        await AssertProblemAsync(await admin.GetAsync("/api/v1/knowledge/articles?reviewDue=soon"), HttpStatusCode.BadRequest, "reviewDue");
        await AssertProblemAsync(await admin.GetAsync("/api/v1/knowledge/articles?sort=owner"), HttpStatusCode.BadRequest, "sort");
        _ = (a, b, d);
    }

    [Fact]
    public async Task Script_in_an_article_is_rendered_inert()
    {
        var body = "Hello <script>alert('x')</script> <img src=x onerror=alert(1)> [click](javascript:alert(2)) <a href=\"https://example.org\" onclick=\"evil()\">ok</a>" +
                   "\n\n<iframe src=\"https://evil.example\"></iframe><div style=\"position:fixed\">overlay</div>";
        var article = await CreateArticleAsync("Script test", body);
        var html = article.GetProperty("bodyHtml").GetString()!;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("position", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://example.org\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html, StringComparison.Ordinal);
        // The source is kept as written (a writer sees what they typed).
        Assert.Equal(body, article.GetProperty("body").GetString());
        var preview = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/knowledge/preview", new { body }));
        Assert.Equal(html, preview.GetProperty("html").GetString());
    }

    [Fact]
    public async Task Incidents_link_the_articles_that_solved_them_and_the_article_counts_its_uses()
    {
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        var incident = await BodyAsync(await alice.PostAsJsonAsync("/api/v1/incidents", new { title = "Outlook asks for my password", serviceId = service }));
        var other = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Outlook prompts", serviceId = service }));
        var article = await PublishedArticleAsync("Outlook keeps asking for the password", "Remove the cached credentials.");
        var staffOnly = await PublishedArticleAsync("Reset the mail connector", "Internal.", audience: "staff");
        var draft = await CreateArticleAsync("Unfinished", "x");
        var url = $"/api/v1/incidents/{Id(incident)}/knowledge";

        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync(url, new { articleId = Id(article) })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync(url, new { articleId = Id(article) })).StatusCode); // a no-op
        Factory.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync(url, new { articleId = Id(staffOnly) })).StatusCode);
        Factory.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/incidents/{Id(other)}/knowledge", new { articleId = Id(article) })).StatusCode);
        Assert.Equal("knowledge.link-live", (await AssertProblemAsync(await agent.PostAsJsonAsync(url, new { articleId = Id(draft) }), HttpStatusCode.Conflict))
            .GetProperty("rule").GetString());
        await AssertProblemAsync(await agent.PostAsJsonAsync(url, new { articleId = Guid.NewGuid() }), HttpStatusCode.BadRequest, "articleId");
        await AssertProblemAsync(await agent.PostAsJsonAsync(url, new { }), HttpStatusCode.BadRequest, "articleId");
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync(url, new { articleId = Id(article) })).StatusCode);

        var staffView = await BodyAsync(await agent.GetAsync(url));
        Assert.Equal(["KB-000001", "KB-000002"], staffView.EnumerateArray().Select(l => l.GetProperty("article").GetProperty("reference").GetString()));
        // The requester sees the articles they may read.
        var requesterView = await BodyAsync(await alice.GetAsync(url));
        Assert.Equal(["KB-000001"], requesterView.EnumerateArray().Select(l => l.GetProperty("article").GetProperty("reference").GetString()));

        var usages = await BodyAsync(await agent.GetAsync($"/api/v1/knowledge/articles/{Id(article)}/usages"));
        Assert.Equal(2, usages.GetProperty("count").GetInt32());
        Assert.Equal($"/incidents/{Id(incident)}", usages.GetProperty("latest").EnumerateArray().Last().GetProperty("url").GetString());
        Assert.Equal(2, (await BodyAsync(await agent.GetAsync($"/api/v1/knowledge/articles/{Id(article)}"))).GetProperty("usageCount").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync($"/api/v1/knowledge/articles/{Id(article)}/usages")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await agent.DeleteAsync($"{url}/{Id(staffOnly)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.DeleteAsync($"{url}/{Id(staffOnly)}")).StatusCode);
        var history = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=Incident&recordId={Id(incident)}&limit=200"));
        var knowledgeChanges = history.GetProperty("items").EnumerateArray().SelectMany(e => e.GetProperty("changes").EnumerateArray())
            .Where(c => c.GetProperty("field").GetString() == "knowledge").ToList();
        Assert.Contains(knowledgeChanges, c => c.GetProperty("after").GetString() == "+KB-000001");
        Assert.Contains(knowledgeChanges, c => c.GetProperty("before").GetString() == "-KB-000002");
    }
}

public sealed class SqliteKnowledgeApiTests(SqliteFactory factory) : KnowledgeApiTests<SqliteFactory>(factory);

public sealed class PostgresKnowledgeApiTests(PostgresFactory factory) : KnowledgeApiTests<PostgresFactory>(factory);
