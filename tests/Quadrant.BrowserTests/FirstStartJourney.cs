using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Quadrant.Modules.Access.Features.CreateFirstAdmin;

namespace Quadrant.BrowserTests;

public sealed class FirstStartJourney(FirstStartFixture app) : IClassFixture<FirstStartFixture>
{
    [Fact]
    public async Task The_first_administrator_is_created_with_the_console_code()
    {
        // The code the console printed; opening it again here gives the test a code it knows.
        var code = app.Services.GetRequiredService<SetupState>().Open();
        var page = await app.NewPageAsync();

        await page.GotoAsync("/account/login");
        await Assertions.Expect(page.GetByText("No administrator exists yet")).ToBeVisibleAsync();

        await page.GotoAsync("/setup?code=WRONGCODE");
        await page.FillAsync("#displayName", "Rosa Root");
        await page.FillAsync("#email", "rosa@example.org");
        await page.FillAsync("#password", "Rosa-Passw0rd-1");
        await page.FillAsync("#confirm", "Rosa-Passw0rd-1");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("[data-field=code]")).ToContainTextAsync("setup code is wrong");
        await BrowserFixture.ShotAsync(page, "09-setup-wrong-code");

        await page.FillAsync("#code", code);
        await page.FillAsync("#password", "Rosa-Passw0rd-1");
        await page.FillAsync("#confirm", "Rosa-Passw0rd-1");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Rosa Root" })).ToBeVisibleAsync();
        await BrowserFixture.ShotAsync(page, "10-setup-done");

        // The code is spent.
        await page.GotoAsync($"/setup?code={code}");
        await Assertions.Expect(page.GetByText("Setup is complete")).ToBeVisibleAsync();
    }
}
