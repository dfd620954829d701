using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

public sealed partial class Journeys
{
    [Fact]
    public async Task A_published_article_is_suggested_to_a_requester_typing_an_incident_and_the_desk_finds_the_incident_by_search()
    {
        using var api = await ApiAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var service = await IdAsync(api.PostAsJsonAsync("/api/v1/services", new { name = $"Remote access {suffix}", criticality = "high", lifecycle = "live" }));
        _ = service;
        const string password = "Journey-Passw0rd-1";
        var (owner, requester, agent) = ($"priya-{suffix}@browser.quadrant.local", $"rita-kb-{suffix}@browser.quadrant.local", $"aaron-{suffix}@browser.quadrant.local");
        foreach (var (email, name, role) in new[] { (owner, $"Priya {suffix}", "ProcessOwner"), (requester, $"Rita {suffix}", "Requester"), (agent, $"Aaron {suffix}", "Agent") })
        {
            (await api.PostAsJsonAsync("/api/v1/users", new { email, displayName = name, roles = new[] { role }, password })).EnsureSuccessStatusCode();
        }

        // A process owner writes an article for everyone, previews the Markdown, submits it and publishes it.
        var writer = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(writer, owner, password);
        await Assertions.Expect(writer.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, Priya {suffix}" })).ToBeVisibleAsync();
        await writer.GotoAsync("/knowledge/new");
        await Assertions.Expect(writer.GetByTestId("save-article")).ToBeEnabledAsync();
        await writer.GetByLabel("Title").FillAsync("Renew an expired VPN token");
        await PickOptionAsync(writer, "article-audience", "Everyone");
        await writer.GetByLabel("Body (Markdown)").FillAsync("Open **Northwind VPN** and choose *Renew token*.\n\n<script>alert('x')</script>");
        await writer.GetByRole(AriaRole.Tab, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(writer.GetByTestId("article-preview").Locator("strong")).ToHaveTextAsync("Northwind VPN");
        await Assertions.Expect(writer.GetByTestId("article-preview").Locator("script")).ToHaveCountAsync(0);
        await BrowserFixture.ShotAsync(writer, "70-knowledge-editor-preview");
        await writer.GetByTestId("save-article").ClickAsync();
        await Assertions.Expect(writer).ToHaveURLAsync(new Regex("/knowledge/[0-9a-f-]{36}$"));
        await Assertions.Expect(writer.GetByTestId("article-status")).ToHaveTextAsync("Draft");
        await writer.GetByTestId("article-move-review").ClickAsync();
        await Assertions.Expect(writer.GetByTestId("article-status")).ToHaveTextAsync("In review");
        await writer.GetByTestId("article-move-published").ClickAsync();
        await Assertions.Expect(writer.GetByTestId("article-status")).ToHaveTextAsync("Published");
        await Assertions.Expect(writer.GetByTestId("article-versions")).ToContainTextAsync("live");
        await BrowserFixture.ShotAsync(writer, "71-knowledge-article-published");

        // A requester reporting an incident is shown the article while typing the title, and opens it.
        var portal = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(portal, requester, password);
        await Assertions.Expect(portal.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, Rita {suffix}" })).ToBeVisibleAsync();
        await portal.GotoAsync("/incidents/new");
        await Assertions.Expect(portal.GetByTestId("save-incident")).ToBeEnabledAsync();
        await PickOptionAsync(portal, "incident-service", $"Remote access {suffix}");
        await portal.GetByLabel("Title").PressSequentiallyAsync("My VPN token has expir", new() { Delay = 40 });
        var suggestion = portal.GetByTestId("knowledge-suggestion-link");
        await Assertions.Expect(suggestion).ToContainTextAsync("Renew an expired VPN token");
        await BrowserFixture.ShotAsync(portal, "72-portal-knowledge-suggestion");
        var article = await portal.RunAndWaitForPopupAsync(() => suggestion.First.ClickAsync());
        await Assertions.Expect(article.GetByTestId("article-heading")).ToContainTextAsync("Renew an expired VPN token");
        await Assertions.Expect(article.GetByTestId("article-body").Locator("strong")).ToHaveTextAsync("Northwind VPN");
        await Assertions.Expect(article.GetByTestId("article-actions")).ToHaveCountAsync(0);
        await article.CloseAsync();

        // The token was not the problem after all: the requester reports the incident anyway.
        await portal.GetByLabel("Title").FillAsync($"VPN disconnects in hotel {suffix}");
        await portal.GetByTestId("save-incident").ClickAsync();
        await Assertions.Expect(portal.GetByTestId("incident-status")).ToHaveTextAsync("New");
        var reference = await portal.GetByTestId("incident-reference").InnerTextAsync();

        // The desk finds it with the search box in the top bar.
        var desk = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(desk, agent, password);
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, Aaron {suffix}" })).ToBeVisibleAsync();
        // Once the page is live (the theme toggle is enabled), so the top bar is not rendered again under the typing.
        await Assertions.Expect(desk.GetByLabel("Toggle dark theme")).ToBeEnabledAsync();
        await desk.GetByTestId("global-search-input").FillAsync($"hotel {suffix}");
        await desk.GetByTestId("global-search-input").PressAsync("Enter");
        await Assertions.Expect(desk).ToHaveURLAsync(new Regex("/search\\?q="));
        var hit = desk.GetByTestId("search-hit");
        await Assertions.Expect(hit).ToHaveCountAsync(1);
        await Assertions.Expect(hit).ToContainTextAsync(reference);
        await Assertions.Expect(hit.Locator("mark").First).ToHaveTextAsync("hotel");
        await BrowserFixture.ShotAsync(desk, "73-search-results");
        await hit.GetByTestId("search-hit-link").ClickAsync();
        await Assertions.Expect(desk.GetByTestId("incident-reference")).ToHaveTextAsync(reference);
        // The incident page suggests the article from the title; the agent links it as the solution.
        await Assertions.Expect(desk.GetByTestId("incident-knowledge")).ToBeVisibleAsync();
    }
}
