using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Quadrant.IntegrationTests.Infrastructure;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.IntegrationTests;

public abstract class AssignmentGroupApiTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private async Task<JsonElement> CreateGroupAsync(string name, IEnumerable<Guid>? members = null, Guid? manager = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/assignment-groups", new { name, description = $"{name} team", memberIds = members ?? [], managerId = manager });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    [Fact]
    public async Task Groups_have_unique_names_known_active_members_and_a_manager()
    {
        var (_, agent) = await Factory.UserClientAsync(Admin, "Agent");
        var (_, manager) = await Factory.UserClientAsync(Admin, "ProcessOwner");
        var network = await CreateGroupAsync("Network", [agent], manager);
        Assert.Equal("Network", network.GetProperty("name").GetString());
        Assert.Equal("ProcessOwner user", network.GetProperty("managerName").GetString());
        Assert.Equal(agent, network.GetProperty("members")[0].GetProperty("id").GetGuid());

        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/assignment-groups", new { name = "network" }), HttpStatusCode.BadRequest, "name");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/assignment-groups", new { name = "" }), HttpStatusCode.BadRequest, "name");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/assignment-groups", new { name = "X", memberIds = new[] { agent, Guid.NewGuid() } }),
            HttpStatusCode.BadRequest, "memberIds[1]");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/assignment-groups", new { name = "X", managerId = Guid.NewGuid() }), HttpStatusCode.BadRequest, "managerId");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/assignment-groups", new { name = "X", email = "not an address" }), HttpStatusCode.BadRequest, "email");

        // Replace needs the current version; a stale one is 409 and changes nothing.
        var id = network.GetProperty("id").GetGuid();
        var renamed = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/assignment-groups/{id}", "\"1\"", new { name = "Network and VPN", memberIds = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(0, (await BodyAsync(renamed)).GetProperty("members").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict,
            (await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/assignment-groups/{id}", "\"1\"", new { name = "Lost update", memberIds = new[] { agent } })).StatusCode);
        Assert.Equal("Network and VPN", (await BodyAsync(await Admin.GetAsync($"/api/v1/assignment-groups/{id}"))).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Agents_read_groups_but_only_desk_admins_manage_them_and_requesters_see_nothing()
    {
        await CreateGroupAsync("Service desk");
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/assignment-groups")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/assignment-groups", new { name = "Rogue" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/v1/assignment-groups")).StatusCode);
    }

    [Fact]
    public async Task An_incident_is_assigned_to_a_group_and_to_one_of_its_members_and_my_groups_lists_the_groups_work()
    {
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var (agentClient, agent) = await Factory.UserClientAsync(Admin, "Agent");
        var (_, outsider) = await Factory.UserClientAsync(Admin, "Agent");
        var messaging = (await CreateGroupAsync("Messaging", [agent])).GetProperty("id").GetGuid();
        var web = (await CreateGroupAsync("Web", [outsider])).GetProperty("id").GetGuid();

        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Mail down", serviceId = service, assignmentGroupId = messaging, assigneeId = outsider }),
            HttpStatusCode.BadRequest, "assigneeId");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Mail down", serviceId = service, assignmentGroupId = Guid.NewGuid() }),
            HttpStatusCode.BadRequest, "assignmentGroupId");

        var mine = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Mail down", serviceId = service, assignmentGroupId = messaging, assigneeId = agent }));
        Assert.Equal("Messaging", mine.GetProperty("assignmentGroupName").GetString());
        await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Shop slow", serviceId = service, assignmentGroupId = web });
        await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Nobody's", serviceId = service });

        var queue = await BodyAsync(await agentClient.GetAsync("/api/v1/incidents?groupId=mine"));
        var item = Assert.Single(queue.GetProperty("items").EnumerateArray());
        Assert.Equal("Mail down", item.GetProperty("title").GetString());
        Assert.Equal("Messaging", item.GetProperty("assignmentGroupName").GetString());
        Assert.Equal(1, (await BodyAsync(await Admin.GetAsync($"/api/v1/incidents?groupId={web}"))).GetProperty("items").GetArrayLength());
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/incidents?groupId=web"), HttpStatusCode.BadRequest, "groupId");

        // A group with open work cannot be retired; once its incident is moved, it can.
        var group = await BodyAsync(await Admin.GetAsync($"/api/v1/assignment-groups/{messaging}"));
        Assert.Equal(1, group.GetProperty("openIncidents").GetInt32());
        var retire = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/assignment-groups/{messaging}", "\"1\"", new { name = "Messaging", memberIds = new[] { agent }, isActive = false });
        Assert.Equal("group.open-work", (await AssertProblemAsync(retire, HttpStatusCode.Conflict)).GetProperty("rule").GetString());
        var moved = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incidents/{mine.GetProperty("id").GetGuid()}", "\"1\"",
            new { title = "Mail down", serviceId = service, assignmentGroupId = web, assigneeId = outsider });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        retire = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/assignment-groups/{messaging}", "\"1\"", new { name = "Messaging", memberIds = new[] { agent }, isActive = false });
        Assert.Equal(HttpStatusCode.OK, retire.StatusCode);

        // A retired group takes no new work.
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "More mail", serviceId = service, assignmentGroupId = messaging }),
            HttpStatusCode.BadRequest, "assignmentGroupId");
    }

    [Fact]
    public async Task An_incident_keeps_a_history_of_its_status_priority_group_and_assignee()
    {
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var (_, agent) = await Factory.UserClientAsync(Admin, "Agent");
        var desk = (await CreateGroupAsync("Desk", [agent])).GetProperty("id").GetGuid();
        var incident = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Printer", serviceId = service, impact = "low", urgency = "low" }));
        var id = incident.GetProperty("id").GetGuid();
        Factory.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.OK, (await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incidents/{id}", "\"1\"",
            new { title = "Printer", serviceId = service, impact = "high", urgency = "low", assignmentGroupId = desk, assigneeId = agent })).StatusCode);
        Factory.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.OK, (await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/transitions", "\"2\"",
            new { to = "pending", pendingReason = "awaitingSupplier" })).StatusCode);

        var events = await WithDbAsync(db => db.Set<IncidentEvent>().AsNoTracking().Where(e => e.IncidentId == id).ToListAsync());
        var ordered = events.OrderBy(e => e.At).ThenBy(e => e.Kind).Select(e => (e.Kind, e.From, e.To)).ToList();
        Assert.Equal(
            [
                (IncidentEventKind.Created, null, "new"),
                (IncidentEventKind.StatusChanged, "new", "assigned"),
                (IncidentEventKind.Assigned, null, agent.ToString()),
                (IncidentEventKind.PriorityChanged, "4", "3"),
                (IncidentEventKind.GroupChanged, null, desk.ToString()),
                (IncidentEventKind.StatusChanged, "assigned", "pending"),
            ],
            ordered.Select(e => (e.Kind, e.From, e.To)).ToList());
        Assert.Equal("Reason: AwaitingSupplier", events.Single(e => e.To == "pending").Note);
    }

    [Fact]
    public async Task Related_incidents_link_both_ways_by_reference_or_id_and_unlink_together()
    {
        var service = (await CreateServiceAsync("Mail", lifecycle: "live")).GetProperty("id").GetGuid();
        var first = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Mail down on floor 2", serviceId = service }));
        var second = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Outlook cannot connect", serviceId = service }));
        var (a, b) = (first.GetProperty("id").GetGuid(), second.GetProperty("id").GetGuid());

        var linked = await Admin.PostAsJsonAsync($"/api/v1/incidents/{a}/links", new { reference = second.GetProperty("reference").GetString()!.ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Equal(b, Assert.Single((await BodyAsync(linked)).EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(a, Assert.Single((await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{b}/links"))).EnumerateArray()).GetProperty("id").GetGuid());

        // Linking again (from either side) changes nothing; bad targets are 400 naming the field.
        Assert.Single((await BodyAsync(await Admin.PostAsJsonAsync($"/api/v1/incidents/{b}/links", new { relatedId = a }))).EnumerateArray());
        await AssertProblemAsync(await Admin.PostAsJsonAsync($"/api/v1/incidents/{a}/links", new { relatedId = a }), HttpStatusCode.BadRequest, "relatedId");
        await AssertProblemAsync(await Admin.PostAsJsonAsync($"/api/v1/incidents/{a}/links", new { relatedId = Guid.NewGuid() }), HttpStatusCode.BadRequest, "relatedId");
        await AssertProblemAsync(await Admin.PostAsJsonAsync($"/api/v1/incidents/{a}/links", new { reference = "INC-99x" }), HttpStatusCode.BadRequest, "reference");
        await AssertProblemAsync(await Admin.PostAsJsonAsync($"/api/v1/incidents/{a}/links", new { }), HttpStatusCode.BadRequest, "relatedId");
        Assert.Equal(2, await WithDbAsync(db => db.Set<IncidentLink>().CountAsync()));
        Assert.Equal(2, await WithDbAsync(db => db.Set<IncidentEvent>().CountAsync(e => e.Kind == IncidentEventKind.Linked)));

        // Requesters do not see links, whatever id they try.
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester");
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync($"/api/v1/incidents/{a}/links")).StatusCode);

        // Unlinking from one side removes both directions.
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/incidents/{b}/links/{a}")).StatusCode);
        Assert.Empty((await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{a}/links"))).EnumerateArray());
        Assert.Equal(0, await WithDbAsync(db => db.Set<IncidentLink>().CountAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.DeleteAsync($"/api/v1/incidents/{b}/links/{a}")).StatusCode);
    }

}

public sealed class SqliteAssignmentGroupApiTests(SqliteFactory factory) : AssignmentGroupApiTests<SqliteFactory>(factory);

public sealed class PostgresAssignmentGroupApiTests(PostgresFactory factory) : AssignmentGroupApiTests<PostgresFactory>(factory);
