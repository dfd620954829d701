using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

/// <summary>Real journeys through the UI, in Chromium.</summary>
public sealed partial class Journeys(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Sign_in_create_a_service_edit_it_and_see_its_history()
    {
        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Ada Admin" })).ToBeVisibleAsync();
        await BrowserFixture.ShotAsync(page, "01-home");

        await page.GotoAsync("/services");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Service catalogue" })).ToBeVisibleAsync();
        await page.GetByTestId("new-service").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New service" })).ToBeVisibleAsync();

        // Saving with no name shows the server's message under the field and creates nothing.
        await page.GetByTestId("save-service").ClickAsync();
        await Assertions.Expect(page.GetByText("'name' is required.")).ToBeVisibleAsync();
        await BrowserFixture.ShotAsync(page, "02-new-service-validation");

        await page.GetByLabel("Name").FillAsync("Payroll platform");
        await page.GetByLabel("Description").FillAsync("Monthly payroll runs and payslips.");
        await page.GetByTestId("save-service").ClickAsync();

        await Assertions.Expect(page.GetByTestId("service-title")).ToHaveTextAsync("Payroll platform");
        await Assertions.Expect(page).ToHaveURLAsync(ServiceUrl());
        await Assertions.Expect(page.GetByTestId("history-entry").First).ToContainTextAsync("Created by " + BrowserFixture.AdminEmail);
        await BrowserFixture.ShotAsync(page, "03-service-created");

        await page.GetByTestId("edit-service").ClickAsync();
        await page.GetByLabel("Name").FillAsync("Payroll and HR platform");
        await page.GetByLabel("Description").FillAsync("Monthly payroll runs, payslips and HR records.");
        await page.GetByTestId("save-service").ClickAsync();

        await Assertions.Expect(page.GetByTestId("service-title")).ToHaveTextAsync("Payroll and HR platform");
        await Assertions.Expect(page.Locator(".mud-breadcrumbs")).ToContainTextAsync("Payroll and HR platform");
        await Assertions.Expect(page.GetByTestId("history-entry")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("history-entry").First).ToContainTextAsync("Updated by");
        var history = page.GetByTestId("history");
        await Assertions.Expect(history).ToContainTextAsync("Payroll platform");
        await Assertions.Expect(history).ToContainTextAsync("Payroll and HR platform");
        await BrowserFixture.ShotAsync(page, "04-service-edited-history");

        await page.GetByTestId("retire-service").ClickAsync();
        await page.GetByTestId("confirm-retire").ClickAsync();
        await Assertions.Expect(page.GetByTestId("service-lifecycle-chip")).ToHaveTextAsync("Retired");
        await Assertions.Expect(page.GetByTestId("edit-service")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("history-entry")).ToHaveCountAsync(3);

        await page.GotoAsync("/services");
        await Assertions.Expect(page.GetByTestId("services-table")).ToContainTextAsync("Payroll and HR platform");
        await BrowserFixture.ShotAsync(page, "05-services-list");

        await page.GotoAsync("/audit");
        await page.GetByTestId("verify-chain").ClickAsync();
        await Assertions.Expect(page.GetByTestId("chain-result")).ToContainTextAsync("Intact");
        await BrowserFixture.ShotAsync(page, "06-audit-verified");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_pages_need_sign_in()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/services");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await BrowserFixture.SignInAsync(page, password: "not-the-password");
        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("wrong");
        await BrowserFixture.ShotAsync(page, "00-sign-in-refused");
    }

    [Fact]
    public async Task The_shell_works_at_tablet_width_and_in_dark_mode()
    {
        var page = await app.NewPageAsync(width: 800, height: 1100);
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/services");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Service catalogue" })).ToBeVisibleAsync();
        const string background = "getComputedStyle(document.body).backgroundColor";
        var light = await page.EvaluateAsync<string>(background);
        await page.GetByLabel("Toggle dark theme").ClickAsync();
        await page.WaitForFunctionAsync($"{background} !== '{light}'");
        var dark = await page.EvaluateAsync<string>(background);
        Assert.NotEqual(light, dark);

        // The choice is remembered by this browser.
        await page.ReloadAsync();
        await page.WaitForFunctionAsync($"{background} === '{dark}'");

        // At tablet width the navigation is a drawer opened from the app bar.
        await page.GetByLabel("Toggle navigation").ClickAsync();
        await Assertions.Expect(page.GetByText("Management system")).ToBeVisibleAsync();
        await BrowserFixture.ShotAsync(page, "07-tablet-dark");
    }

    [Fact]
    public async Task An_admin_adds_a_user_and_sees_the_users_history()
    {
        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users and roles" })).ToBeVisibleAsync();
        // Row buttons are enabled only once the interactive circuit is live; clicks before that are lost.
        await Assertions.Expect(page.GetByTestId("user-history").First).ToBeEnabledAsync();
        await page.GetByText("Add or invite a user").ClickAsync();
        await page.GetByTestId("new-user-email").FillAsync("sam.owner@example.org");
        await page.GetByTestId("new-user-name").FillAsync("Sam Owner");
        await page.GetByLabel("ServiceOwner").CheckAsync();
        await page.GetByTestId("create-user").ClickAsync();
        await Assertions.Expect(page.GetByTestId("invitation-link")).ToContainTextAsync("/account/accept-invite?user=");
        var row = page.GetByTestId("users-table").Locator("tr", new() { HasText = "sam.owner@example.org" });
        await Assertions.Expect(row).ToContainTextAsync("Invited");
        await row.GetByTestId("user-history").ClickAsync();
        var history = page.GetByTestId("history");
        await Assertions.Expect(history).ToContainTextAsync("+ServiceOwner");
        await Assertions.Expect(history).ToContainTextAsync("Sam Owner");
        await BrowserFixture.ShotAsync(page, "08-users-history");
    }

    [Fact]
    public async Task A_token_made_in_the_profile_works_for_scripts_until_revoked()
    {
        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/profile");
        await Assertions.Expect(page.GetByTestId("create-token")).ToBeEnabledAsync();
        await page.GetByTestId("token-name").FillAsync("nightly export");
        await page.GetByTestId("create-token").ClickAsync();
        var secret = (await page.GetByTestId("issued-token").Locator("code").InnerTextAsync()).Trim();
        Assert.StartsWith("qdt_", secret, StringComparison.Ordinal);
        await BrowserFixture.ShotAsync(page, "11-profile-token");

        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/v1/services")).StatusCode);

        var row = page.Locator("tr", new() { HasText = "nightly export" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Revoked");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/services")).StatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GotoAsync("/profile");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task A_service_owner_defines_a_calendar_and_tries_the_calculator()
    {
        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/calendars");
        await page.GetByTestId("new-calendar").ClickAsync();
        await Assertions.Expect(page.GetByTestId("save-calendar")).ToBeEnabledAsync();

        await page.GetByTestId("calendar-name").FillAsync("Berlin service desk");
        await page.GetByTestId("day-monday").FillAsync("08:00-12:00, 11:00-17:00");
        await page.GetByTestId("calendar-holidays").FillAsync("2026-05-25 Whit Monday\n12-25 Christmas Day");
        await page.GetByTestId("calendar-exceptions").FillAsync("2026-12-24 09:00-12:00 Christmas Eve");
        await page.GetByTestId("save-calendar").ClickAsync();
        await Assertions.Expect(page.GetByText("overlaps")).ToBeVisibleAsync();
        await BrowserFixture.ShotAsync(page, "12-calendar-overlap");

        await page.GetByTestId("day-monday").FillAsync("08:00-12:00, 13:00-17:00");
        await page.GetByTestId("save-calendar").ClickAsync();
        await Assertions.Expect(page.GetByTestId("calendar-title")).ToHaveTextAsync("Berlin service desk");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/calendars/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("week-view").Locator(".week-span")).ToHaveCountAsync(6);

        // Friday 12 June 2026 16:00 CEST + 120 business minutes → Monday 15 June 09:00 (Monday starts at 08:00).
        await page.GetByTestId("calc-start").FillAsync("2026-06-12T14:00:00Z");
        await page.GetByTestId("calc-minutes").FillAsync("120");
        await page.GetByTestId("calc-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("calc-result")).ToContainTextAsync("2026-06-15T09:00:00+02:00");
        await Assertions.Expect(page.GetByTestId("history-entry").First).ToContainTextAsync("Created");

        var ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\nDTSTART;VALUE=DATE:20270101\r\n" +
                  "RRULE:FREQ=YEARLY\r\nSUMMARY:New Year\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        await page.GetByTestId("import-ics").SetInputFilesAsync(new FilePayload
        {
            Name = "holidays.ics", MimeType = "text/calendar", Buffer = System.Text.Encoding.UTF8.GetBytes(ics),
        });
        await Assertions.Expect(page.GetByTestId("calendar-holidays")).ToHaveValueAsync(new Regex("01-01 New Year"));
        await Assertions.Expect(page.GetByTestId("history-entry")).ToHaveCountAsync(2);
        await BrowserFixture.ShotAsync(page, "13-calendar");
    }

    [Fact]
    public async Task Dependencies_are_added_seen_from_both_sides_and_cycles_refused()
    {
        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        async Task<string> CreateAsync(string name)
        {
            await page.GotoAsync("/services/new");
            await Assertions.Expect(page.GetByTestId("save-service")).ToBeEnabledAsync();
            await page.GetByLabel("Name").FillAsync(name);
            await page.GetByTestId("save-service").ClickAsync();
            await Assertions.Expect(page.GetByTestId("service-title")).ToHaveTextAsync(name);
            return page.Url;
        }

        async Task AddDependencyAsync(string name)
        {
            await page.GetByTestId("add-dependency").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = name }).First.ClickAsync();
        }

        var directory = await CreateAsync("Directory service");
        var mail = await CreateAsync("Mail service");
        await AddDependencyAsync("Directory service");
        await Assertions.Expect(page.GetByTestId("depends-on")).ToContainTextAsync("Directory service");
        await Assertions.Expect(page.GetByTestId("history-entry").First).ToContainTextAsync("Updated");

        await page.GotoAsync(directory);
        await Assertions.Expect(page.GetByTestId("used-by")).ToContainTextAsync("Mail service");
        await AddDependencyAsync("Mail service");
        await Assertions.Expect(page.GetByTestId("dependency-problem")).ToContainTextAsync("cycle");
        await BrowserFixture.ShotAsync(page, "14-dependency-cycle");
        Assert.NotEqual(directory, mail);
    }

    [GeneratedRegex("/services/[0-9a-f-]{36}$")]
    private static partial Regex ServiceUrl();
}
