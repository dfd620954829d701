using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

public sealed partial class Journeys
{
    [Fact]
    public async Task A_requester_records_an_incident_sees_only_their_own_and_cannot_work_it()
    {
        using var api = await ApiAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var service = await IdAsync(api.PostAsJsonAsync("/api/v1/services", new { name = $"Printing {suffix}", criticality = "medium", lifecycle = "live" }));
        const string password = "Requester-Passw0rd-1";
        var rita = $"rita-{suffix}@browser.quadrant.local";
        var (ritaName, otherName) = ($"Rita {suffix}", $"Oscar {suffix}");
        foreach (var (email, name) in new[] { (rita, ritaName), ($"oscar-{suffix}@browser.quadrant.local", otherName) })
        {
            (await api.PostAsJsonAsync("/api/v1/users", new { email, displayName = name, roles = new[] { "Requester" }, password })).EnsureSuccessStatusCode();
        }

        // Someone else's incident, recorded by the desk for Oscar's colleague: Rita must never see it.
        var others = await IdAsync(api.PostAsJsonAsync("/api/v1/incidents", new { title = $"Secret board printer {suffix}", serviceId = service }));

        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page, rita, password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, {ritaName}" })).ToBeVisibleAsync();
        await page.GotoAsync("/incidents/new");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Report an incident" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("save-incident")).ToBeEnabledAsync();
        await PickOptionAsync(page, "incident-service", $"Printing {suffix}");
        await page.GetByLabel("Title").FillAsync($"Printer on floor 2 is offline {suffix}");
        await page.GetByTestId("save-incident").ClickAsync();
        await Assertions.Expect(page.GetByTestId("incident-status")).ToHaveTextAsync("New");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/incidents/[0-9a-f-]{36}$"));
        // A requester reads their incident but has no lifecycle actions.
        await Assertions.Expect(page.Locator("[data-testid^=move-]")).ToHaveCountAsync(0);
        await BrowserFixture.ShotAsync(page, "58-requester-incident");

        await page.GotoAsync("/incidents");
        var table = page.GetByTestId("incidents-table");
        await Assertions.Expect(table).ToContainTextAsync($"Printer on floor 2 is offline {suffix}");
        await Assertions.Expect(table).Not.ToContainTextAsync($"Secret board printer {suffix}");
        await BrowserFixture.ShotAsync(page, "59-requester-queue");

        // Typing another incident's address shows that it is not theirs, never its contents.
        await page.GotoAsync($"/incidents/{others}");
        await Assertions.Expect(page.GetByText($"Secret board printer {suffix}")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("does not exist, or it is not one of yours")).ToBeVisibleAsync();
    }
}
