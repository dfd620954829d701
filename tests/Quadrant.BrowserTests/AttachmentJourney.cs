using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

public sealed partial class Journeys
{
    [Fact]
    public async Task An_agent_attaches_a_file_downloads_it_and_a_disguised_file_is_refused()
    {
        using var api = await ApiAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var service = await IdAsync(api.PostAsJsonAsync("/api/v1/services", new { name = $"Scanning {suffix}", criticality = "medium", lifecycle = "live" }));
        var incident = await IdAsync(api.PostAsJsonAsync("/api/v1/incidents", new { title = $"Scanner shows stripes {suffix}", serviceId = service }));

        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page);
        await page.GotoAsync($"/incidents/{incident}");
        var panel = page.GetByTestId("incident-attachments");
        await Assertions.Expect(panel).ToContainTextAsync("No files yet.");
        await Assertions.Expect(page.GetByTestId("attach-file")).ToBeEnabledAsync();

        // A public screenshot for the requester.
        await page.Locator("input[data-testid=attachment-public], [data-testid=attachment-public] input").First.CheckAsync();
        await Assertions.Expect(page.Locator("input[data-testid=attachment-public], [data-testid=attachment-public] input").First).ToBeCheckedAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];
        await panel.Locator("input[type=file]").Last.SetInputFilesAsync(new FilePayload { Name = "stripes.png", MimeType = "image/png", Buffer = png });
        await Assertions.Expect(panel.GetByTestId("attachment")).ToHaveCountAsync(1);
        await Assertions.Expect(panel.GetByTestId("attachment").First).ToContainTextAsync("stripes.png");
        await Assertions.Expect(panel.GetByTestId("attachment").First).Not.ToContainTextAsync("Internal");

        // A program renamed to .pdf is refused with the server's reason; nothing is added.
        await panel.Locator("input[type=file]").Last.SetInputFilesAsync(new FilePayload { Name = "invoice.pdf", MimeType = "application/pdf", Buffer = "MZ\u0090\0 program"u8.ToArray() });
        await Assertions.Expect(panel.GetByTestId("attachment-problem")).ToContainTextAsync("does not match its extension");
        await Assertions.Expect(panel.GetByTestId("attachment")).ToHaveCountAsync(1);
        await BrowserFixture.ShotAsync(page, "70-incident-attachments");

        // Download: the same bytes under the same name.
        var download = await page.RunAndWaitForDownloadAsync(() => panel.GetByTestId("download-attachment").First.ClickAsync());
        Assert.Equal("stripes.png", download.SuggestedFilename);
        var path = await download.PathAsync();
        Assert.Equal(png, await File.ReadAllBytesAsync(path!));

        // The API sees the same file, with its checksum.
        var files = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/incidents/{incident}/attachments");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)), files[0].GetProperty("sha256").GetString());
    

        // The desk's mails are templates an administrator edits with a preview; an unknown placeholder is named.
        await page.GotoAsync("/admin/mail");
        await Assertions.Expect(page.GetByTestId("save-mail-settings")).ToBeEnabledAsync();
        await BrowserFixture.ShotAsync(page, "72-mail-settings");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Templates" }).ClickAsync();
        var subject = page.Locator("input[data-testid=template-subject], [data-testid=template-subject] input").First;
        await Assertions.Expect(subject).ToBeEnabledAsync();
        await subject.FillAsync("Noted: {{incident.titel}}");
        await page.GetByTestId("preview-template").ClickAsync();
        await Assertions.Expect(page.GetByText("Unknown placeholder {{incident.titel}}", new() { Exact = false }).First).ToBeVisibleAsync();
        await subject.FillAsync("Noted: {{incident.title}}");
        await page.GetByTestId("preview-template").ClickAsync();
        await Assertions.Expect(page.GetByTestId("template-preview")).ToContainTextAsync("Noted: Printer on floor 3 <jams> & stops");
        await BrowserFixture.ShotAsync(page, "71-mail-template-preview");
    }
}
