using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

/// <summary>Customers, and the catalogue's requirements, outcomes, offerings and published view, through the UI.</summary>
public sealed partial class CatalogueJourneys(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    /// <summary>The API as the administrator, to set up what a journey starts from.</summary>
    private async Task<HttpClient> ApiAsync()
    {
        var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await http.PostAsJsonAsync("/api/v1/auth/tokens", new { email = BrowserFixture.AdminEmail, password = BrowserFixture.AdminPassword, name = "journey" });
        token.EnsureSuccessStatusCode();
        var secret = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return http;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string url, object body)
    {
        var response = await http.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> PutAsync(HttpClient http, string url, string etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A full-page screenshot from the top, so the fixed app bar is drawn where it belongs.</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserFixture.ShotAsync(page, name);
    }

    private static async Task PickAsync(IPage page, string testId, string item)
    {
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = item }).First.ClickAsync();
    }

    [Fact]
    public async Task A_customer_is_created_with_a_contact_then_edited_and_shows_on_the_service()
    {
        using var api = await ApiAsync();
        var service = await PostAsync(api, "/api/v1/services", new { name = "Ledger hosting", criticality = "high", lifecycle = "live" });
        var serviceId = service.GetProperty("id").GetString();

        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/customers");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Customers" })).ToBeVisibleAsync();
        await page.GetByTestId("new-customer").ClickAsync();
        await Assertions.Expect(page.GetByTestId("save-customer")).ToBeEnabledAsync();

        // A contact without a name and with a broken e-mail: the messages appear under those fields, nothing is saved.
        await page.GetByTestId("add-contact").ClickAsync();
        await page.GetByTestId("contact-0-email").FillAsync("not-an-address");
        await page.GetByTestId("save-customer").ClickAsync();
        await Assertions.Expect(page.GetByText("'name' is required.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("'contacts[0].name' is required.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("'not-an-address' is not an e-mail address.")).ToBeVisibleAsync();
        await ShotAsync(page, "20-customer-validation");

        await page.GetByTestId("customer-name").FillAsync("Accounting department");
        await page.GetByTestId("customer-description").FillAsync("Bookkeeping and the monthly close.");
        await page.GetByTestId("contact-0-name").FillAsync("Clara Count");
        await page.GetByTestId("contact-0-email").FillAsync("clara@example.org");
        await page.GetByTestId("contact-0-role").FillAsync("Head of accounting");
        await PickAsync(page, "customer-manager", "Ada Admin");
        await PickAsync(page, "customer-services", "Ledger hosting");
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("save-customer").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(CustomerUrl());
        await Assertions.Expect(page.GetByTestId("customer-title")).ToHaveTextAsync("Accounting department");
        await Assertions.Expect(page.GetByTestId("customer-received")).ToContainTextAsync("Ledger hosting");
        await Assertions.Expect(page.GetByTestId("history-entry").First).ToContainTextAsync("by " + BrowserFixture.AdminEmail);
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("+Ledger hosting");

        // Edit: a second contact in, the first one out.
        await page.GetByTestId("add-contact").ClickAsync();
        await page.GetByTestId("contact-1-name").FillAsync("Dan Debit");
        await page.GetByTestId("contact-1-phone").FillAsync("+49 30 1234 5678");
        await page.GetByTestId("remove-contact-0").ClickAsync();
        await Assertions.Expect(page.GetByTestId("contact-0-name")).ToHaveValueAsync("Dan Debit");
        await page.GetByTestId("save-customer").ClickAsync();
        await Assertions.Expect(page.GetByTestId("history-entry")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("Dan Debit");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("contact-0-name")).ToHaveValueAsync("Dan Debit");
        await Assertions.Expect(page.GetByTestId("contact-1-name")).ToHaveCountAsync(0);
        await ShotAsync(page, "21-customer-edited");

        await page.GotoAsync("/customers");
        await page.GetByTestId("customer-search").FillAsync("accounting");
        await page.GetByTestId("customer-search").PressAsync("Enter");
        var row = page.GetByTestId("customers-table").Locator("tr", new() { HasText = "Accounting department" });
        await Assertions.Expect(row).ToContainTextAsync("Ada Admin");
        await ShotAsync(page, "22-customers-list");

        await page.GotoAsync($"/services/{serviceId}");
        await Assertions.Expect(page.GetByTestId("service-customers")).ToContainTextAsync("Accounting department");
    }

    [Fact]
    public async Task Requirements_are_versioned_and_compared_and_the_published_catalogue_downloads()
    {
        using var api = await ApiAsync();
        var service = await PostAsync(api, "/api/v1/services", new { name = "Print and scan", description = "Office printers and scanning to e-mail.", criticality = "medium", lifecycle = "live" });
        var id = service.GetProperty("id").GetString();
        var customer = await PostAsync(api, "/api/v1/customers", new { name = "Legal office", kind = "internal", serviceIds = new[] { id } });
        await PostAsync(api, $"/api/v1/services/{id}/offerings", new { name = "Printer access", description = "Print on every office printer.", audience = "everyone", charge = "Included", fulfilmentTarget = "1 working day" });
        await PostAsync(api, $"/api/v1/services/{id}/offerings", new { name = "Secure print room", audience = "customers", customerIds = new[] { customer.GetProperty("id").GetString() } });
        await PutAsync(api, $"/api/v1/services/{id}/requirements", "\"1\"", new
        {
            summary = "Everyone can print and scan near their desk.", body = "- A printer within 30 m of every desk\n- Scans arrive by e-mail within 2 minutes", changeNote = "Agreed with the office managers",
        });

        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync($"/services/{id}");
        await Assertions.Expect(page.GetByTestId("service-title")).ToHaveTextAsync("Print and scan");
        await Assertions.Expect(page.GetByTestId("offerings-table")).ToContainTextAsync("Secure print room");
        await Assertions.Expect(page.GetByTestId("requirements-summary")).ToContainTextAsync("Everyone can print and scan near their desk.");

        // Outcomes: two statements, saved as a list.
        await page.GetByTestId("edit-outcomes").ClickAsync();
        await page.GetByTestId("outcome-0").FillAsync("Documents are printed where people work.");
        await page.GetByTestId("add-outcome").ClickAsync();
        await page.GetByTestId("outcome-1").FillAsync("Paper is scanned straight into mail.");
        await page.GetByTestId("save-outcomes").ClickAsync();
        await Assertions.Expect(page.GetByTestId("outcome-list")).ToContainTextAsync("Paper is scanned straight into mail.");
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("outcomes");
        await ShotAsync(page, "23-service-outcomes-offerings");

        // A second version of the requirements, then the two compared.
        await page.GetByTestId("open-requirements").ClickAsync();
        await Assertions.Expect(page.GetByTestId("requirements-title")).ToHaveTextAsync("Requirements of Print and scan");
        await page.GetByTestId("edit-requirements").ClickAsync();
        await page.GetByTestId("requirements-body-field").FillAsync("- A printer within 20 m of every desk\n- Scans arrive by e-mail within 2 minutes\n- Colour printing on request");
        await page.GetByTestId("requirements-note-field").FillAsync("Closer printers, colour added");
        await page.GetByTestId("save-requirements").ClickAsync();
        await Assertions.Expect(page.GetByTestId("shown-version")).ToHaveTextAsync("Version 2");
        await page.GetByTestId("compare").ClickAsync();
        var diff = page.GetByTestId("requirements-diff");
        await Assertions.Expect(diff.GetByTestId("diff-removed")).ToHaveTextAsync(new Regex("within 30 m"));
        await Assertions.Expect(diff.GetByTestId("diff-added")).ToHaveCountAsync(2);
        await ShotAsync(page, "24-requirements-diff");
        await page.GetByTestId("show-version-1").ClickAsync();
        await Assertions.Expect(page.GetByTestId("requirements-body-view")).ToContainTextAsync("within 30 m");

        // The published catalogue, as everyone sees it, and its two downloads.
        await page.GotoAsync("/catalogue");
        var card = page.GetByTestId("published-service").Filter(new() { HasText = "Print and scan" });
        await Assertions.Expect(card).ToContainTextAsync("Paper is scanned straight into mail.");
        await Assertions.Expect(card).ToContainTextAsync("Printer access");
        await Assertions.Expect(card).ToContainTextAsync("For Legal office");
        await Assertions.Expect(page.GetByTestId("download-csv")).ToBeEnabledAsync();
        await ShotAsync(page, "25-published-catalogue");

        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-csv").ClickAsync());
        Assert.Matches("^service-catalogue-\\d{4}-\\d{2}-\\d{2}\\.csv$", csv.SuggestedFilename);
        var csvText = Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await csv.PathAsync())!));
        Assert.Contains("Print and scan,medium,,", csvText, StringComparison.Ordinal);
        Assert.Contains(",Printer access,Print on every office printer.,everyone,Included,1 working day", csvText, StringComparison.Ordinal);

        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").ClickAsync());
        Assert.EndsWith(".pdf", pdf.SuggestedFilename, StringComparison.Ordinal);
        var pdfBytes = await File.ReadAllBytesAsync((await pdf.PathAsync())!);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdfBytes, 0, 5));

        await page.GetByTestId("catalogue-filter").FillAsync("no such thing");
        await Assertions.Expect(page.GetByText("No service matches.")).ToBeVisibleAsync();

        // Withdraw an offering: it stays on the service page, with its history, and leaves the published catalogue.
        await page.GotoAsync($"/services/{id}");
        await page.GetByTestId("offerings-table").GetByRole(AriaRole.Link, new() { Name = "Secure print room" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("offering-title")).ToHaveTextAsync("Secure print room");
        await Assertions.Expect(page.GetByTestId("save-offering")).ToBeEnabledAsync();
        await page.GetByTestId("offering-name").FillAsync("Printer access");
        await page.GetByTestId("save-offering").ClickAsync();
        await Assertions.Expect(page.GetByText("This service already has an offering named 'Printer access'.")).ToBeVisibleAsync();
        await page.GetByTestId("offering-name").FillAsync("Secure print room");
        await page.GetByTestId("offering-charge").FillAsync("EUR 5 per month");
        await page.GetByTestId("offering-offered").ClickAsync();
        await page.GetByTestId("save-offering").ClickAsync();
        await Assertions.Expect(page.GetByTestId("history-entry")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("EUR 5 per month");
        await ShotAsync(page, "26-offering-edited");
        await page.GotoAsync("/catalogue");
        await Assertions.Expect(page.GetByTestId("published-service").Filter(new() { HasText = "Print and scan" })).Not.ToContainTextAsync("Secure print room");
    }

    [GeneratedRegex("/customers/[0-9a-f-]{36}$")]
    private static partial Regex CustomerUrl();
}
