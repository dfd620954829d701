using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Quadrant.BrowserTests;

public sealed partial class Journeys
{
    [Fact]
    public async Task A_requester_orders_an_item_an_approver_approves_the_desk_fulfils_it_and_the_requester_sees_it_fulfilled()
    {
        using var api = await ApiAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var service = await IdAsync(api.PostAsJsonAsync("/api/v1/services", new { name = $"Workplace {suffix}", criticality = "medium", lifecycle = "live" }));
        const string password = "Journey-Passw0rd-1";
        var rita = $"rita-{suffix}@browser.quadrant.local";
        var mark = $"mark-{suffix}@browser.quadrant.local";
        (await api.PostAsJsonAsync("/api/v1/users", new { email = rita, displayName = $"Rita {suffix}", roles = new[] { "Requester" }, password })).EnsureSuccessStatusCode();
        var markId = await UserIdAsync(api.PostAsJsonAsync("/api/v1/users", new { email = mark, displayName = $"Mark {suffix}", roles = new[] { "Requester" }, password }));
        var itemName = $"New laptop {suffix}";
        await IdAsync(api.PostAsJsonAsync("/api/v1/request-items", new
        {
            name = itemName, category = "Hardware", serviceId = service, description = "A laptop for a new starter or a replacement.", targetMinutes = 2880,
            form = new
            {
                fields = new object[]
                {
                    new { key = "model", label = "Model", type = "choice", required = true, options = new[] { "Standard", "Developer" } },
                    new { key = "ram", label = "Memory (GB)", type = "number", min = 8, max = 64 },
                    new { key = "justification", label = "Why", type = "multiline", required = true },
                },
            },
            approval = new { mode = "any", approverIds = new[] { markId } },
            fulfilment = new { ordering = "sequential", tasks = new object[] { new { title = "Order the laptop" }, new { title = "Hand it over" } } },
        }));

        // The requester finds the item by category and fills in its form; the server's messages show under the fields.
        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page, rita, password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, Rita {suffix}" })).ToBeVisibleAsync();
        await page.GotoAsync("/request");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Request something" })).ToBeVisibleAsync();
        await page.GetByTestId("catalogue-search").FillAsync(suffix);
        await Assertions.Expect(page.GetByTestId("catalogue-item")).ToHaveCountAsync(1);
        await BrowserFixture.ShotAsync(page, "70-request-catalogue");
        await page.GetByTestId($"order-{itemName}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("order-heading")).ToHaveTextAsync(itemName);
        await Assertions.Expect(page.GetByTestId("submit-request")).ToBeEnabledAsync();
        await page.GetByTestId("answer-ram").FillAsync("128");
        await page.GetByTestId("submit-request").ClickAsync();
        await Assertions.Expect(page.GetByText("'Model' is required.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("'Why' is required.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("'Memory (GB)' must be at most 64.")).ToBeVisibleAsync();
        await BrowserFixture.ShotAsync(page, "71-request-form-errors");
        await PickOptionAsync(page, "answer-model", "Developer");
        await page.GetByTestId("answer-ram").FillAsync("32");
        await page.GetByTestId("answer-justification").FillAsync("Joining the data team on Monday.");
        await page.GetByTestId("submit-request").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/requests/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("request-status")).ToHaveTextAsync("Awaiting approval");
        await Assertions.Expect(page.GetByTestId("answer-value-model")).ToHaveTextAsync("Developer");
        var requestUrl = page.Url;
        await BrowserFixture.ShotAsync(page, "72-request-awaiting-approval");

        // The approver approves from "My approvals".
        var approver = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(approver, mark, password);
        await Assertions.Expect(approver.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, Mark {suffix}" })).ToBeVisibleAsync();
        await approver.GotoAsync("/approvals");
        await Assertions.Expect(approver.GetByTestId("pending-approval")).ToContainTextAsync(itemName);
        await BrowserFixture.ShotAsync(approver, "73-my-approvals");
        await approver.GetByTestId("approve-row").ClickAsync();
        await Assertions.Expect(approver.GetByTestId("approvals-empty")).ToBeVisibleAsync();

        // The desk completes the tasks in order; the last one fulfils the request.
        var agent = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(agent);
        await Assertions.Expect(agent.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Ada Admin" })).ToBeVisibleAsync();
        await agent.GotoAsync(requestUrl);
        await Assertions.Expect(agent.GetByTestId("request-status")).ToHaveTextAsync("In fulfilment");
        await Assertions.Expect(agent.GetByTestId("task-2-done")).ToHaveCountAsync(0); // waits for the first task
        await agent.GetByTestId("task-1-inProgress").ClickAsync();
        await agent.GetByTestId("task-1-done").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("task-progress")).ToContainTextAsync("1 of 2 tasks done");
        await BrowserFixture.ShotAsync(agent, "74-request-tasks-agent");
        await agent.GetByTestId("task-2-done").ClickAsync();
        await Assertions.Expect(agent.GetByTestId("request-status")).ToHaveTextAsync("Fulfilled");

        // The requester sees it fulfilled, with the approval and both tasks done.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("request-status")).ToHaveTextAsync("Fulfilled");
        await Assertions.Expect(page.GetByTestId("approval")).ToContainTextAsync("Approved");
        await Assertions.Expect(page.GetByTestId("task-progress")).ToContainTextAsync("2 of 2 tasks done");
        await Assertions.Expect(page.GetByTestId("request-move-closed")).ToBeVisibleAsync();
        await BrowserFixture.ShotAsync(page, "75-request-fulfilled-requester");

        await agent.GotoAsync("/admin/request-items");
        await agent.GetByRole(AriaRole.Link, new() { Name = itemName }).ClickAsync();
        await Assertions.Expect(agent.GetByTestId("field-editor")).ToHaveCountAsync(3);
        await Assertions.Expect(agent.GetByTestId("form-preview")).ToContainTextAsync("Memory (GB)");
        await BrowserFixture.ShotAsync(agent, "76-request-item-editor");
    }

    private static async Task<Guid> UserIdAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("user").GetProperty("id").GetGuid();
    }
}
