using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

public sealed partial class Journeys
{
    [Fact]
    public async Task An_agent_bulk_assigns_two_incidents_then_runs_a_major_incident_to_closure_through_its_review()
    {
        using var api = await ApiAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var serviceName = $"Payments {suffix}";
        var (service, customer) = await SeedApprovedSlaAsync(api, $"Round the clock {suffix}", serviceName, $"Shops {suffix}", $"Payments SLA {suffix}", 240);
        var groupName = $"Payments desk {suffix}";
        await IdAsync(api.PostAsJsonAsync("/api/v1/assignment-groups", new { name = groupName, description = "Card payments." }));
        var references = new List<string>();
        foreach (var title in new[] { $"Card terminal offline {suffix}", $"Refunds stuck {suffix}" })
        {
            var created = await api.PostAsJsonAsync("/api/v1/incidents", new { title, serviceId = service, customerId = customer, impact = "high", urgency = "medium" });
            created.EnsureSuccessStatusCode();
            references.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!);
        }

        // The queue, narrowed to this journey's incidents: select both and assign them to the group in one action.
        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/incidents");
        await Assertions.Expect(page.GetByTestId("incident-search")).ToBeEnabledAsync();
        await page.GetByTestId("incident-search").FillAsync(suffix);
        await page.GetByTestId("incident-search").PressAsync("Enter");
        var table = page.GetByTestId("incidents-table");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
        foreach (var reference in references)
        {
            await page.Locator($"input[data-testid=select-{reference}], [data-testid=select-{reference}] input").First.CheckAsync();
        }

        await Assertions.Expect(page.GetByTestId("bulk-count")).ToHaveTextAsync("2 selected");
        await PickOptionAsync(page, "bulk-group", groupName);
        await BrowserFixture.ShotAsync(page, "90-workspace-bulk-selected");
        await page.GetByTestId("bulk-assign").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-result")).ToContainTextAsync("2 updated");
        foreach (var reference in references)
        {
            await Assertions.Expect(table.Locator("tr", new() { HasText = reference })).ToContainTextAsync(groupName);
        }

        await BrowserFixture.ShotAsync(page, "91-workspace-bulk-assigned");

        // Declare the first one a major incident.
        await table.GetByRole(AriaRole.Link, new() { Name = references[0] }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/incidents/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("declare-major")).ToBeEnabledAsync();
        await page.GetByTestId("declare-major").ClickAsync();
        await page.Locator("textarea[data-testid=major-reason], [data-testid=major-reason] textarea").First.FillAsync("Card payments fail in every shop.");
        await page.GetByTestId("confirm-major").ClickAsync();
        await Assertions.Expect(page.GetByTestId("major-banner")).ToContainTextAsync("Major incident");

        // Post an update, communicated to the customer.
        await page.Locator("textarea[data-testid=major-update-body], [data-testid=major-update-body] textarea").First.FillAsync("The acquirer is restoring its gateway; next update in 30 minutes.");
        await page.Locator("input[data-testid=major-update-communicate], [data-testid=major-update-communicate] input").First.CheckAsync();
        await page.GetByTestId("post-major-update").ClickAsync();
        await Assertions.Expect(page.GetByTestId("major-update")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("major-update").First).ToContainTextAsync($"Sent to Shops {suffix}");
        await BrowserFixture.ShotAsync(page, "92-workspace-major-update");

        // Resolve; closing is refused until the post-incident review is complete.
        await page.GetByTestId("move-resolved").ClickAsync();
        await PickOptionAsync(page, "resolution-code", "Resolved by supplier");
        await page.GetByTestId("resolution-notes").FillAsync("The acquirer restored its gateway.");
        await page.GetByTestId("confirm-resolve").ClickAsync();
        await Assertions.Expect(page.GetByTestId("incident-status")).ToHaveTextAsync("Resolved");
        await page.GetByTestId("move-closed").ClickAsync();
        await Assertions.Expect(page.GetByTestId("incident-problem")).ToContainTextAsync("post-incident review");
        await Assertions.Expect(page.GetByTestId("incident-status")).ToHaveTextAsync("Resolved");
        await BrowserFixture.ShotAsync(page, "93-workspace-close-refused");

        await page.Locator("textarea[data-testid=review-summary], [data-testid=review-summary] textarea").First.FillAsync("Card payments failed for 40 minutes.");
        await page.Locator("textarea[data-testid=review-root-cause], [data-testid=review-root-cause] textarea").First.FillAsync("The acquirer's gateway certificate expired.");
        await page.GetByTestId("review-action-description").FillAsync("Ask the acquirer for expiry warnings");
        await PickOptionAsync(page, "review-action-owner", "Ada Admin");
        await page.GetByTestId("review-action-due").FillAsync("2026-12-31");
        await page.GetByTestId("complete-review").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-completed")).ToBeVisibleAsync();

        await page.GetByTestId("move-closed").ClickAsync();
        await Assertions.Expect(page.GetByTestId("incident-status")).ToHaveTextAsync("Closed");
        await Assertions.Expect(page.GetByTestId("incident-timeline")).ToContainTextAsync("Declared a major incident");
        await BrowserFixture.ShotAsync(page, "94-workspace-major-closed");
    }
}
