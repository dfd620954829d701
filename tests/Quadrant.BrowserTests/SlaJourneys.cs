using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

/// <summary>Quadrant with the SLA crossing job looking every second, so warnings arrive while a journey waits.</summary>
public sealed class SlaFixture : BrowserFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Quadrant:Sla:CrossingInterval", "00:00:01");
    }
}

/// <summary>Agreements and SLA clocks through the UI, with their own database (no other journey's calendars).</summary>
public sealed partial class SlaJourneys(SlaFixture app) : IClassFixture<SlaFixture>
{
    [Fact]
    public async Task An_agreement_is_drafted_approved_and_a_clock_under_it_explained()
    {
        using var api = await ApiAsync();
        var calendar = await PostAsync(api, "/api/v1/calendars", new
        {
            name = "Around the clock",
            timeZone = "Europe/Berlin",
            week = new Dictionary<string, string[]>
            {
                ["monday"] = ["00:00-24:00"], ["tuesday"] = ["00:00-24:00"], ["wednesday"] = ["00:00-24:00"], ["thursday"] = ["00:00-24:00"],
                ["friday"] = ["00:00-24:00"], ["saturday"] = ["00:00-24:00"], ["sunday"] = ["00:00-24:00"],
            },
        });
        var service = await PostAsync(api, "/api/v1/services", new { name = "E-mail", description = "Mailboxes and calendars.", criticality = "high", lifecycle = "live" });
        var customer = await PostAsync(api, "/api/v1/customers", new { name = "Acme Manufacturing", kind = "external" });
        Assert.NotEqual(calendar, service);

        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/agreements");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Agreements" })).ToBeVisibleAsync();
        await page.GetByTestId("new-agreement").ClickAsync();
        await Assertions.Expect(page.GetByTestId("save-agreement")).ToBeEnabledAsync();

        await page.GetByTestId("agreement-name").FillAsync("E-mail for Acme");
        await PickAsync(page, "agreement-services", "E-mail");
        await PickAsync(page, "agreement-customers", "Acme Manufacturing");
        await PickAsync(page, "agreement-owner", "Ada Admin");
        await Assertions.Expect(page.GetByTestId("agreement-calendar")).ToHaveValueAsync(new Regex("Around the clock"));
        var today = TimeProvider.System.GetUtcNow().UtcDateTime.Date;
        await page.GetByTestId("valid-from").FillAsync(today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("valid-until").FillAsync(today.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("add-target").ClickAsync();
        await page.GetByTestId("target-0-resolution").FillAsync("240");
        await page.GetByTestId("target-0-first-response").FillAsync("300");
        await page.GetByTestId("agreement-document").FillAsync("# Scope\nMail for all Acme staff.\n\n- **Support**: 24/7");
        await page.GetByTestId("save-agreement").ClickAsync();

        // Two mistakes, each reported next to its field; nothing is created.
        await Assertions.Expect(page.GetByText("The agreement cannot end")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("The first response cannot be due after the resolution.")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/agreements/new$"));
        await BrowserFixture.ShotAsync(page, "20-agreement-validation");

        await page.GetByTestId("valid-until").FillAsync("");
        await page.GetByTestId("target-0-first-response").FillAsync("30");
        await page.GetByTestId("save-agreement").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/agreements/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("agreement-title")).ToHaveTextAsync("E-mail for Acme");
        await Assertions.Expect(page.GetByTestId("agreement-status")).ToHaveTextAsync("Draft");
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("Created by");
        var agreementUrl = page.Url;

        // Approval needs a change note.
        await page.GetByTestId("approve-agreement").ClickAsync();
        await page.GetByTestId("confirm-approve").ClickAsync();
        await Assertions.Expect(page.GetByText("'changeNote' is required.")).ToBeVisibleAsync();
        await page.GetByTestId("change-note").FillAsync("Agreed with Acme's IT manager on the kick-off call.");
        await BrowserFixture.ShotAsync(page, "21-agreement-approve-dialog");
        await page.GetByTestId("confirm-approve").ClickAsync();
        await Assertions.Expect(page.GetByTestId("agreement-revision")).ToHaveTextAsync("Revision 1 in force");
        await Assertions.Expect(page.GetByTestId("agreement-status")).ToHaveTextAsync("Active");
        await Assertions.Expect(page.GetByTestId("revision-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("revisions")).ToContainTextAsync("kick-off call");
        await BrowserFixture.ShotAsync(page, "22-agreement-approved");

        await page.GetByTestId("view-revision").ClickAsync();
        await Assertions.Expect(page.GetByTestId("revision-title")).ToHaveTextAsync("E-mail for Acme — revision 1");
        await Assertions.Expect(page.GetByTestId("terms-view")).ToContainTextAsync("4 h 0 min");
        await BrowserFixture.ShotAsync(page, "23-agreement-revision");

        await page.GotoAsync("/agreements");
        await Assertions.Expect(page.GetByTestId("agreements-table")).ToContainTextAsync("Revision 1");
        await BrowserFixture.ShotAsync(page, "24-agreements-list");

        // A record measured under the agreement, opened 45 minutes ago: the first response (30 min) is breached.
        using var started = await api.PostAsJsonAsync("/api/v1/sla-clocks", new
        {
            recordType = "Incident",
            recordId = Guid.NewGuid(),
            reference = "INC-000042",
            serviceId = service,
            customerId = customer,
            priority = 1,
            at = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-45),
        });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        var clocks = await started.Content.ReadFromJsonAsync<JsonElement>();
        var firstResponse = clocks.EnumerateArray().First(c => c.GetProperty("metric").GetString() == "firstResponse").GetProperty("id").GetString();

        await page.GotoAsync("/sla/clocks");
        await Assertions.Expect(page.GetByTestId("clocks-table")).ToContainTextAsync("INC-000042");
        await Assertions.Expect(page.GetByTestId("clocks-table").Locator("tr", new() { HasText = "First response" })).ToContainTextAsync("breached");
        await BrowserFixture.ShotAsync(page, "25-sla-clocks");

        await page.GotoAsync($"/sla/clocks/{firstResponse}");
        await Assertions.Expect(page.GetByTestId("clock-explanation")).ToContainTextAsync("Started");
        await Assertions.Expect(page.GetByTestId("clock-explanation")).ToContainTextAsync("breached");
        await Assertions.Expect(page.GetByTestId("clock-breached")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("clock-segment")).ToHaveCountAsync(1);
        await BrowserFixture.ShotAsync(page, "26-sla-clock-timeline");

        // The owner is told about the breach: the bell counts it, and a click leads to the clock.
        await WaitForUnreadAsync(api);
        await page.GotoAsync(agreementUrl);
        await Assertions.Expect(page.GetByTestId("notification-badge").Locator(".mud-badge")).ToBeVisibleAsync();
        await page.GetByTestId("notification-bell").ClickAsync();
        await Assertions.Expect(page.GetByTestId("notification-item").First).ToContainTextAsync("INC-000042");
        await BrowserFixture.ShotAsync(page, "27-notifications");
        await page.GetByTestId("notification-item").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sla/clocks/[0-9a-f-]{36}$"));

        await page.GotoAsync("/admin/sla-recomputations");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SLA recomputations" })).ToBeVisibleAsync();
        await BrowserFixture.ShotAsync(page, "28-sla-recomputations");
    }

    private static async Task PickAsync(IPage page, string testId, string text)
    {
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = text }).First.ClickAsync();
        if (await page.Locator(".mud-popover-open .mud-list-item").CountAsync() > 0)
        {
            // A multi-select stays open for more choices; a click outside closes it.
            await page.GetByTestId("agreement-title").ClickAsync();
        }

        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    private async Task<HttpClient> ApiAsync()
    {
        var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var response = await http.PostAsJsonAsync("/api/v1/auth/tokens",
            new { email = BrowserFixture.AdminEmail, password = BrowserFixture.AdminPassword, name = "sla journey" });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<Guid> PostAsync(HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task WaitForUnreadAsync(HttpClient api)
    {
        for (var i = 0; i < 60; i++)
        {
            var count = await api.GetFromJsonAsync<JsonElement>("/api/v1/notifications/unread-count");
            if (count.GetProperty("unread").GetInt32() > 0)
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail("No notification arrived within 30 s.");
    }
}
