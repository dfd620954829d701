using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

public sealed partial class Journeys
{
    [Fact]
    public async Task An_agent_records_an_incident_works_it_through_pending_to_resolved_and_its_SLA_clocks_follow()
    {
        using var api = await ApiAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var serviceName = $"Telephony {suffix}";
        var customerName = $"Call centre {suffix}";
        await SeedApprovedSlaAsync(api, $"All hours {suffix}", serviceName, customerName, $"Telephony SLA {suffix}", 480);
        await IdAsync(api.PostAsJsonAsync("/api/v1/assignment-groups", new { name = $"Voice {suffix}", description = "Telephony and the call centre." }));

        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/incidents");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Incidents" })).ToBeVisibleAsync();
        await page.GetByTestId("new-incident").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New incident" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("save-incident")).ToBeEnabledAsync();

        // Recording without a title shows the server's message under the field and records nothing.
        await PickOptionAsync(page, "incident-service", serviceName);
        await page.GetByTestId("save-incident").ClickAsync();
        await Assertions.Expect(page.GetByText("'title' is required.")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/incidents/new$"));
        await BrowserFixture.ShotAsync(page, "50-incident-new-validation");

        var title = $"Phones in the call centre drop calls {suffix}";
        await page.GetByTestId("incident-title-field").FillAsync(title);
        await page.GetByTestId("incident-description").FillAsync("Calls drop after about a minute since this morning.");
        await PickOptionAsync(page, "incident-customer", customerName);
        await PickOptionAsync(page, "incident-impact", "High");
        await Assertions.Expect(page.GetByTestId("priority-hint")).ToContainTextAsync("P2");
        await PickOptionAsync(page, "incident-group", $"Voice {suffix}");
        await BrowserFixture.ShotAsync(page, "51-incident-new-filled");
        await page.GetByTestId("save-incident").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/incidents/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("incident-heading")).ToContainTextAsync(title);
        await Assertions.Expect(page.GetByTestId("incident-status")).ToHaveTextAsync("New");
        await Assertions.Expect(page.GetByTestId("incident-priority")).ToHaveTextAsync("P2");
        await Assertions.Expect(page.GetByTestId("clock-resolution").GetByTestId("clock-status")).ToHaveTextAsync("Running");
        var reference = (await page.GetByTestId("incident-reference").InnerTextAsync()).Trim();
        Assert.Matches("^INC-[0-9]{6}$", reference);
        await Assertions.Expect(page.GetByTestId("incident-timeline")).ToContainTextAsync("Recorded");
        await BrowserFixture.ShotAsync(page, "52-incident-created");

        // Start work: the first response is measured.
        await page.GetByTestId("move-inProgress").ClickAsync();
        await Assertions.Expect(page.GetByTestId("incident-status")).ToHaveTextAsync("In progress");
        await Assertions.Expect(page.GetByTestId("clock-first-response").GetByTestId("clock-status")).ToHaveTextAsync("Stopped");

        // A work note (the default for staff) and a public comment; markup in a comment is shown as text.
        var comments = page.GetByTestId("incident-comments");
        await page.Locator("textarea[data-testid=comment-body], [data-testid=comment-body] textarea").First.FillAsync("Gateway logs show TLS errors.");
        await page.GetByTestId("add-comment").ClickAsync();
        await Assertions.Expect(comments.GetByTestId("comment")).ToHaveCountAsync(1);
        await Assertions.Expect(comments.GetByTestId("comment").First).ToContainTextAsync("Work note");
        await page.Locator("input[data-testid=comment-public], [data-testid=comment-public] input").First.CheckAsync();
        await page.Locator("textarea[data-testid=comment-body], [data-testid=comment-body] textarea").First.FillAsync("We are on it. <b>Not bold</b>");
        await page.GetByTestId("add-comment").ClickAsync();
        await Assertions.Expect(comments.GetByTestId("comment")).ToHaveCountAsync(2);
        await Assertions.Expect(comments.GetByTestId("comment").Nth(1)).ToContainTextAsync("<b>Not bold</b>");
        await Assertions.Expect(comments.Locator("b")).ToHaveCountAsync(0);
        await BrowserFixture.ShotAsync(page, "57-incident-comments");

        // Pending, awaiting the customer: the resolution clock pauses.
        await page.GetByTestId("move-pending").ClickAsync();
        await PickOptionAsync(page, "pending-reason", "Awaiting customer");
        await Assertions.Expect(page.GetByTestId("pending-reason")).ToHaveValueAsync("Awaiting customer");
        await BrowserFixture.ShotAsync(page, "53-incident-pending-dialog");
        await page.GetByTestId("confirm-pending").ClickAsync();
        await Assertions.Expect(page.GetByTestId("incident-status")).ToHaveTextAsync("Pending: awaiting customer");
        await Assertions.Expect(page.GetByTestId("clock-resolution").GetByTestId("clock-status")).ToHaveTextAsync("Paused");

        // Resume, then resolve: notes are required, and the resolution clock stops.
        await Assertions.Expect(page.GetByTestId("move-inProgress")).ToHaveTextAsync("Resume");
        await page.GetByTestId("move-inProgress").ClickAsync();
        await Assertions.Expect(page.GetByTestId("incident-status")).ToHaveTextAsync("In progress");
        await Assertions.Expect(page.GetByTestId("clock-resolution").GetByTestId("clock-status")).ToHaveTextAsync("Running");
        await page.GetByTestId("move-resolved").ClickAsync();
        await PickOptionAsync(page, "resolution-code", "Fixed");
        await page.GetByTestId("confirm-resolve").ClickAsync();
        await Assertions.Expect(page.GetByText("'resolutionNotes' is required.")).ToBeVisibleAsync();
        await page.GetByTestId("resolution-notes").FillAsync("Replaced the faulty SIP trunk card; calls hold for 30 minutes in tests.");
        await page.GetByTestId("confirm-resolve").ClickAsync();
        await Assertions.Expect(page.GetByTestId("incident-status")).ToHaveTextAsync("Resolved");
        await Assertions.Expect(page.GetByTestId("clock-resolution").GetByTestId("clock-status")).ToHaveTextAsync("Stopped");
        await Assertions.Expect(page.GetByTestId("incident-resolution")).ToContainTextAsync("SIP trunk");
        await Assertions.Expect(page.GetByTestId("move-inProgress")).ToHaveTextAsync("Reopen");
        await BrowserFixture.ShotAsync(page, "54-incident-resolved");

        // The queue: not among the open ones any more, listed under Resolved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Incidents" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Incidents" })).ToBeVisibleAsync();
        var table = page.GetByTestId("incidents-table");
        await Assertions.Expect(table).ToContainTextAsync("No incidents match");
        await page.GetByTestId("view-resolved").ClickAsync();
        await Assertions.Expect(table.Locator("tr", new() { HasText = reference })).ToContainTextAsync("Resolved");
        await Assertions.Expect(table.Locator("tr", new() { HasText = reference })).ToContainTextAsync(serviceName);
        await BrowserFixture.ShotAsync(page, "55-incidents-queue-resolved");

        await page.GotoAsync("/admin/service-desk");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Service desk settings" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("reopen-window")).ToHaveValueAsync("168");
        await Assertions.Expect(page.GetByTestId("save-settings")).ToBeEnabledAsync();
        await Assertions.Expect(page.GetByTestId("matrix-0-0")).ToHaveValueAsync("P1");
        await BrowserFixture.ShotAsync(page, "56-service-desk-settings");
    }

    /// <summary>Opens a MudSelect and picks the option with <paramref name="text"/>.</summary>
    private static async Task PickOptionAsync(IPage page, string testId, string text)
    {
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = text }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
