using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

public sealed partial class Journeys
{
    /// <summary>An API client of the browser fixture's admin (the journeys' own data goes in through the public API).</summary>
    private async Task<HttpClient> ApiAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email = BrowserFixture.AdminEmail, password = BrowserFixture.AdminPassword, name = "journey" });
        token.EnsureSuccessStatusCode();
        var body = await token.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return client;
    }

    private static async Task<Guid> IdAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Through the API: a 24x7 UTC calendar, a live service, a customer and an approved SLA between
    /// them with P2 targets of 30 minutes (first response) and <paramref name="p2ResolutionMinutes"/>.
    /// </summary>
    private static async Task<(Guid Service, Guid Customer)> SeedApprovedSlaAsync(
        HttpClient api, string calendarName, string serviceName, string customerName, string agreementName, int p2ResolutionMinutes)
    {
        var all = new[] { "00:00-24:00" };
        var calendar = await IdAsync(api.PostAsJsonAsync("/api/v1/calendars", new
        {
            name = calendarName, timeZone = "UTC",
            week = new Dictionary<string, string[]> { ["monday"] = all, ["tuesday"] = all, ["wednesday"] = all, ["thursday"] = all, ["friday"] = all, ["saturday"] = all, ["sunday"] = all },
        }));
        var service = await IdAsync(api.PostAsJsonAsync("/api/v1/services", new { name = serviceName, criticality = "high", lifecycle = "live" }));
        var customer = await IdAsync(api.PostAsJsonAsync("/api/v1/customers", new { name = customerName, kind = "external" }));
        var agreement = await IdAsync(api.PostAsJsonAsync("/api/v1/agreements", new
        {
            name = agreementName, kind = "sla", calendarId = calendar, validFrom = "2026-01-01", serviceIds = new[] { service }, customerIds = new[] { customer },
            terms = new { priorityTargets = new[] { new { priority = 2, firstResponseMinutes = 30, resolutionMinutes = p2ResolutionMinutes } } },
        }));
        var approve = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agreements/{agreement}/approve") { Content = JsonContent.Create(new { changeNote = "Agreed" }) };
        approve.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        (await api.SendAsync(approve)).EnsureSuccessStatusCode();
        return (service, customer);
    }

    [Fact]
    public async Task The_attainment_dashboard_shows_figures_a_trend_and_the_records_behind_them()
    {
        using var api = await ApiAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var agreementName = $"Web shop SLA {suffix}";
        var (service, customer) = await SeedApprovedSlaAsync(api, $"Around the clock {suffix}", $"Web shop {suffix}", $"Retail {suffix}", agreementName, 240);

        // October 2026: one record inside both targets, one whose resolution took too long.
        var day = new DateTime(2026, 10, 5, 8, 0, 0, DateTimeKind.Utc);
        foreach (var (reference, resolvedAfter) in new[] { ($"WEB-{suffix}-1", 60), ($"WEB-{suffix}-2", 300) })
        {
            var record = Guid.NewGuid();
            (await api.PostAsJsonAsync("/api/v1/sla-clocks", new { recordType = "Incident", recordId = record, reference, serviceId = service, customerId = customer, priority = 2, at = day })).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync($"/api/v1/sla-clocks/records/Incident/{record}/events", new { action = "stop", metric = "firstResponse", at = day.AddMinutes(10) })).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync($"/api/v1/sla-clocks/records/Incident/{record}/events", new { action = "stop", at = day.AddMinutes(resolvedAfter) })).EnsureSuccessStatusCode();
        }

        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/sla/attainment?from=2026-10-01&to=2026-11-01");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SLA attainment" })).ToBeVisibleAsync();
        var table = page.GetByTestId("attainment-table");
        var row = table.Locator("tr", new() { HasText = agreementName });
        // Four clocks measured (two first responses met, one resolution met, one breached): 75 %.
        await Assertions.Expect(row).ToContainTextAsync("75 %");
        await Assertions.Expect(page.GetByTestId("attainment-trend")).ToBeVisibleAsync();
        await BrowserFixture.ShotAsync(page, "40-attainment-dashboard");

        await row.ClickAsync();
        var records = page.GetByTestId("attainment-records");
        await Assertions.Expect(records).ToContainTextAsync($"WEB-{suffix}-2");
        await records.GetByText("Breached", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(records.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(records).ToContainTextAsync($"WEB-{suffix}-2");
        await BrowserFixture.ShotAsync(page, "41-attainment-drill-down");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-attainment-csv").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains($"{agreementName},4,3,1,75", text, StringComparison.Ordinal);
    }
}
