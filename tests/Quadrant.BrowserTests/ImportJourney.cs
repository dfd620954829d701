using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

public sealed partial class Journeys
{
    [Fact]
    public async Task An_admin_checks_a_csv_in_a_dry_run_fixes_it_imports_it_and_opens_an_imported_incident_with_its_history()
    {
        using var api = await ApiAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var serviceName = $"Archive {suffix}";
        await SeedApprovedSlaAsync(api, $"Always {suffix}", serviceName, $"Records office {suffix}", $"Archive SLA {suffix}", 480);
        await IdAsync(api.PostAsJsonAsync("/api/v1/assignment-groups", new { name = $"Archivists {suffix}", description = "Keep the records." }));

        var created = TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddDays(-3).AddHours(9);
        string T(double hours) => created.AddHours(hours).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        string Csv(string secondService) =>
            "externalId,title,description,service,customer,impact,urgency,group,createdAt,history\n"
            + $"OLD-{suffix}-1,Scanner jams on every page,Since the move,{serviceName},Records office {suffix},high,medium,Archivists {suffix},{T(0)},"
            + $"\"[{{\"\"at\"\":\"\"{T(1)}\"\",\"\"status\"\":\"\"inProgress\"\"}},{{\"\"at\"\":\"\"{T(2)}\"\",\"\"status\"\":\"\"pending\"\",\"\"pendingReason\"\":\"\"awaitingSupplier\"\"}},"
            + $"{{\"\"at\"\":\"\"{T(26)}\"\",\"\"status\"\":\"\"resolved\"\",\"\"resolutionCode\"\":\"\"replaced\"\",\"\"resolutionNotes\"\":\"\"New rollers\"\"}}]\"\n"
            + $"OLD-{suffix}-2,Index cards missing,,{secondService},,low,low,,{T(5)},\n";
        var directory = Directory.CreateTempSubdirectory("quadrant-import-");
        var file = Path.Combine(directory.FullName, "legacy-incidents.csv");
        await File.WriteAllTextAsync(file, Csv("Card catalogue"));

        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync("/admin/imports");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import incidents" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("import-source")).ToBeEnabledAsync();
        await Assertions.Expect(page.GetByTestId("import-file")).ToBeEnabledAsync();

        // Dry run (the default): the bad row is listed with its line, field and reason; nothing is imported.
        await ChooseFileAsync(page, file);
        await page.GetByTestId("import-source").FillAsync("legacy");
        await Assertions.Expect(page.GetByTestId("import-start")).ToHaveTextAsync("Check file");
        await Assertions.Expect(page.GetByTestId("import-start")).ToBeEnabledAsync();
        await page.GetByTestId("import-start").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/imports/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("import-status")).ToHaveTextAsync("partly succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("1 would be imported");
        var rejection = page.GetByTestId("import-rejection");
        await Assertions.Expect(rejection).ToHaveCountAsync(1);
        await Assertions.Expect(rejection.First).ToContainTextAsync("3");
        await Assertions.Expect(rejection.First).ToContainTextAsync("service");
        await Assertions.Expect(rejection.First).ToContainTextAsync("No service is named 'Card catalogue'");
        await Assertions.Expect(page.GetByTestId("import-record")).ToHaveCountAsync(0);
        await BrowserFixture.ShotAsync(page, "80-import-dry-run");

        // Fixed, imported for real: both rows, with links to the new incidents.
        var fixedFile = Path.Combine(directory.FullName, "legacy-incidents-fixed.csv");
        await File.WriteAllTextAsync(fixedFile, Csv(serviceName));
        await ChooseFileAsync(page, fixedFile);
        await page.GetByLabel("Dry run (check only)").UncheckAsync();
        await Assertions.Expect(page.GetByTestId("import-start")).ToHaveTextAsync("Import");
        await page.GetByTestId("import-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-current")).ToContainTextAsync("legacy-incidents-fixed.csv");
        await Assertions.Expect(page.GetByTestId("import-status")).ToHaveTextAsync("succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("2 imported");
        await Assertions.Expect(page.GetByTestId("import-record")).ToHaveCountAsync(2);
        await BrowserFixture.ShotAsync(page, "81-import-done");

        // The imported incident: resolved, with its history at the source's instants and its clocks replayed.
        await page.GetByTestId("import-record").Filter(new() { HasText = $"OLD-{suffix}-1" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("incident-heading")).ToContainTextAsync("Scanner jams on every page");
        await Assertions.Expect(page.GetByTestId("incident-status")).ToHaveTextAsync("Resolved");
        var timeline = page.GetByTestId("incident-timeline");
        var importedStep = timeline.Locator("[data-testid=timeline-item][data-kind=created]");
        await Assertions.Expect(importedStep).ToContainTextAsync("Imported");
        await Assertions.Expect(importedStep).ToContainTextAsync($"Imported from legacy OLD-{suffix}-1");
        await Assertions.Expect(timeline).ToContainTextAsync("inProgress → pending");
        await Assertions.Expect(timeline).ToContainTextAsync("pending → resolved");
        await Assertions.Expect(page.GetByTestId("clock-resolution").GetByTestId("clock-status")).ToHaveTextAsync("Stopped");
        await BrowserFixture.ShotAsync(page, "82-imported-incident");
        directory.Delete(recursive: true);
    }

    /// <summary>Chooses the file until the page shows it: the file input's own script attaches just after the page turns interactive.</summary>
    private static async Task ChooseFileAsync(IPage page, string file)
    {
        var size = new FileInfo(file).Length.ToString("N0", CultureInfo.InvariantCulture);
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                await page.GetByTestId("import-file").SetInputFilesAsync(Array.Empty<string>());
            }

            await page.GetByTestId("import-file").SetInputFilesAsync(file);
            try
            {
                await Assertions.Expect(page.GetByTestId("import-file-chosen")).ToContainTextAsync($"{Path.GetFileName(file)} · {size} bytes", new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 8)
            {
                // Not picked up yet; choose it again.
            }
        }
    }
}
