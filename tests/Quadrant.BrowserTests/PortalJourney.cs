using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.ServiceDesk.Contracts;

namespace Quadrant.BrowserTests;

public sealed partial class Journeys
{
    [Fact]
    public async Task A_requester_raises_an_incident_in_the_portal_confirms_the_resolution_answers_the_survey_and_the_desk_sees_the_result()
    {
        using var api = await ApiAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var serviceName = $"Laptops {suffix}";
        var serviceId = await IdAsync(api.PostAsJsonAsync("/api/v1/services", new { name = serviceName, criticality = "medium", lifecycle = "live" }));
        const string password = "Requester-Passw0rd-1";
        var email = $"paula-{suffix}@browser.quadrant.local";
        var name = $"Paula {suffix}";
        (await api.PostAsJsonAsync("/api/v1/users", new { email, displayName = name, roles = new[] { "Requester" }, password })).EnsureSuccessStatusCode();

        // The requester lands in the portal, with a lean menu and no staff pages.
        var portal = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(portal, email, password);
        await Assertions.Expect(portal).ToHaveURLAsync(new Regex("/portal$"));
        await Assertions.Expect(portal.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, {name}" })).ToBeVisibleAsync();
        await Assertions.Expect(portal.GetByTestId("portal-nav")).ToBeVisibleAsync();
        await Assertions.Expect(portal.GetByTestId("staff-nav")).ToHaveCountAsync(0);
        await Assertions.Expect(portal.GetByTestId("portal-nav")).Not.ToContainTextAsync("Customers");
        await Assertions.Expect(portal.GetByTestId("portal-request")).ToHaveAttributeAsync("href", "/requests/new");
        await Assertions.Expect(portal.GetByTestId("portal-knowledge")).ToHaveAttributeAsync("href", "/knowledge");
        await BrowserFixture.ShotAsync(portal, "70-portal-home-empty");

        // Raise an incident from the portal.
        await portal.GetByTestId("portal-report").ClickAsync();
        await Assertions.Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Report an incident" })).ToBeVisibleAsync();
        await Assertions.Expect(portal.GetByTestId("save-incident")).ToBeEnabledAsync();
        await PickOptionAsync(portal, "incident-service", serviceName);
        var title = $"My laptop does not start {suffix}";
        await portal.GetByLabel("Title").FillAsync(title);
        await portal.GetByTestId("save-incident").ClickAsync();
        await Assertions.Expect(portal).ToHaveURLAsync(new Regex("/incidents/[0-9a-f-]{36}$"));
        var incidentUrl = new Uri(portal.Url).AbsolutePath;
        await portal.GotoAsync("/portal");
        await Assertions.Expect(portal.GetByTestId("portal-open")).ToContainTextAsync(title);
        await Assertions.Expect(portal.GetByTestId("portal-open")).ToContainTextAsync("Received – waiting for the service desk");
        await BrowserFixture.ShotAsync(portal, "71-portal-home-open");

        // Staff pages answer that the role does not give access.
        await portal.GotoAsync("/customers");
        await Assertions.Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await portal.GotoAsync("/surveys/results");
        await Assertions.Expect(portal.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();

        // The agent works and resolves it.
        var desk = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(desk);
        await Assertions.Expect(desk.GetByTestId("staff-nav")).ToBeVisibleAsync();
        await desk.GotoAsync(incidentUrl);
        await desk.GetByTestId("move-inProgress").ClickAsync();
        await Assertions.Expect(desk.GetByTestId("incident-status")).ToHaveTextAsync("In progress");
        await desk.GetByTestId("move-resolved").ClickAsync();
        await PickOptionAsync(desk, "resolution-code", "Fixed");
        await desk.GetByTestId("resolution-notes").FillAsync("The battery was empty and the charger faulty. We replaced the charger; the laptop starts again.");
        await desk.GetByTestId("confirm-resolve").ClickAsync();
        await Assertions.Expect(desk.GetByTestId("incident-status")).ToHaveTextAsync("Resolved");

        // The requester sees it waiting for them, confirms, and answers the survey.
        await portal.GotoAsync("/portal");
        await Assertions.Expect(portal.GetByTestId("portal-confirm")).ToContainTextAsync(title);
        await BrowserFixture.ShotAsync(portal, "72-portal-waiting-for-you");
        await portal.GetByTestId("portal-confirm").ClickAsync();
        await Assertions.Expect(portal.GetByTestId("resolution-response")).ToContainTextAsync("replaced the charger");
        await Assertions.Expect(portal.GetByTestId("confirm-resolution")).ToBeEnabledAsync();
        await BrowserFixture.ShotAsync(portal, "73-portal-confirm-resolution");
        await portal.GetByTestId("confirm-resolution").ClickAsync();
        await Assertions.Expect(portal.GetByTestId("incident-status")).ToHaveTextAsync("Closed");
        var survey = portal.GetByTestId("incident-survey");
        await Assertions.Expect(survey.GetByTestId("survey-form")).ToBeVisibleAsync();
        await survey.Locator(".mud-rating-item").Nth(3).ClickAsync();
        await Assertions.Expect(survey.GetByTestId("survey-rating-label")).ToHaveTextAsync("Satisfied");
        await survey.Locator("textarea").First.FillAsync("Quick help, thank you. A loan laptop would have been nice.");
        await BrowserFixture.ShotAsync(portal, "74-portal-survey");
        await survey.GetByTestId("send-survey").ClickAsync();
        await Assertions.Expect(survey).ToContainTextAsync("Thank you for your feedback");
        await portal.GotoAsync("/portal");
        await Assertions.Expect(portal.GetByTestId("portal-waiting")).ToHaveCountAsync(0);
        await Assertions.Expect(portal.GetByTestId("portal-recent")).ToContainTextAsync("Closed");

        // A second incident, closed by the desk: its survey link works without signing in, once.
        var second = await IdAsync(api.PostAsJsonAsync("/api/v1/incidents", new { title = $"Dock flickers {suffix}", serviceId }));
        await MoveByApiAsync(api, second, new { to = "resolved", resolutionCode = "Fixed", resolutionNotes = "New dock." });
        await MoveByApiAsync(api, second, new { to = "closed" });
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ActorContext>().SetSystem("journey:mail");
            token = (await scope.ServiceProvider.GetRequiredService<ISurveys>().IssueLinkAsync(second, CancellationToken.None))!.Token;
        }

        var stranger = await app.NewPageAsync(width: 420, height: 860);
        await stranger.GotoAsync($"/survey/{token}");
        await Assertions.Expect(stranger.GetByTestId("survey-form")).ToBeVisibleAsync();
        await Assertions.Expect(stranger.GetByTestId("send-survey")).ToBeDisabledAsync();
        await stranger.Locator(".mud-rating-item").Nth(4).ClickAsync();
        await BrowserFixture.ShotAsync(stranger, "75-survey-link-phone");
        await stranger.GetByTestId("send-survey").ClickAsync();
        await Assertions.Expect(stranger.GetByTestId("survey-link-thanks")).ToBeVisibleAsync();
        await stranger.GotoAsync($"/survey/{token}x");
        await Assertions.Expect(stranger.GetByTestId("survey-link-invalid")).ToBeVisibleAsync();

        // The desk sees the results on the dashboard.
        await desk.GotoAsync("/surveys/results");
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Customer satisfaction" })).ToBeVisibleAsync();
        var row = desk.GetByTestId("satisfaction-row").Filter(new() { HasText = serviceName });
        await Assertions.Expect(row).ToContainTextAsync("4.5");
        await Assertions.Expect(desk.GetByTestId("satisfaction-comments")).ToContainTextAsync("A loan laptop would have been nice.");
        await Assertions.Expect(desk.GetByTestId("download-satisfaction-csv")).ToBeEnabledAsync();
        await BrowserFixture.ShotAsync(desk, "76-satisfaction-dashboard");

        // An administrator links Paula to her organization and lets her see its incidents.
        var customer = $"Northwind {suffix}";
        await IdAsync(api.PostAsJsonAsync("/api/v1/customers", new { name = customer, kind = "external" }));
        await desk.GotoAsync("/admin/requesters");
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Requester organizations" })).ToBeVisibleAsync();
        await PickOptionAsync(desk, "requester-user", name);
        await PickOptionAsync(desk, "requester-customer", customer);
        await desk.Locator("input[data-testid=requester-sees], [data-testid=requester-sees] input").First.CheckAsync();
        await desk.GetByTestId("save-requester").ClickAsync();
        await Assertions.Expect(desk.GetByTestId("requesters-table")).ToContainTextAsync(customer);
        await BrowserFixture.ShotAsync(desk, "77-requester-organizations");
        await portal.GotoAsync("/portal");
        await Assertions.Expect(portal.GetByRole(AriaRole.Heading, new() { Name = $"Open at {customer}" })).ToBeVisibleAsync();
    }

    private static async Task MoveByApiAsync(HttpClient api, Guid id, object body)
    {
        var current = await api.GetAsync($"/api/v1/incidents/{id}");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{id}/transitions") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        (await api.SendAsync(request)).EnsureSuccessStatusCode();
    }
}
