using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.IntegrationTests.Infrastructure;
using Quadrant.Modules.Catalogue.Sla;
using Quadrant.Modules.Common.Notifications;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Escalation;

namespace Quadrant.IntegrationTests;

/// <summary>The agent workspace: SLA-ordered queues, saved views, bulk changes, escalation, major incidents, watchers, the timeline.</summary>
public abstract class WorkspaceApiTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private async Task<JsonElement> IncidentAsync(string title, Guid service, Guid? customer, string impact = "medium", string urgency = "medium",
        Guid? group = null, Guid? assignee = null, HttpClient? client = null)
    {
        var response = await (client ?? Admin).PostAsJsonAsync("/api/v1/incidents", new
        {
            title, serviceId = service, customerId = customer, impact, urgency, assignmentGroupId = group, assigneeId = assignee,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    private async Task<JsonElement> GetIncidentAsync(JsonElement incident) =>
        await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{Id(incident)}"));

    private static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    private static string Tag(JsonElement e) => $"\"{e.GetProperty("version").GetInt32()}\"";

    private async Task<JsonElement> MoveAsync(JsonElement incident, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{Id(incident)}/transitions", Tag(incident), body);
        Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    private async Task<Guid> GroupAsync(string name, IEnumerable<Guid> members, Guid? manager = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/assignment-groups", new { name, description = name, managerId = manager, memberIds = members.ToArray() });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return Id(await BodyAsync(response));
    }

    private async Task<List<Guid>> QueueAsync(string query, HttpClient? client = null)
    {
        var response = await (client ?? Admin).GetAsync($"/api/v1/incidents?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await BodyAsync(response)).GetProperty("items").EnumerateArray().Select(Id).ToList();
    }

    private Task<List<Notification>> NotificationsAsync(Guid user) =>
        WithDbAsync(db => db.Set<Notification>().Where(n => n.UserId == user).OrderBy(n => n.CreatedAt).ToListAsync());

    [Fact]
    public async Task The_due_queue_pages_by_resolution_due_with_nulls_last_and_follows_pauses_and_calendar_changes()
    {
        var (_, calendar, service, customer) = await ApprovedSlaAsync();
        var a = await IncidentAsync("P3 printer", service, customer); // due +480 min
        Factory.Time.Advance(TimeSpan.FromMinutes(1));
        var b = await IncidentAsync("P1 mail down", service, customer, "high", "high"); // due +1+120
        Factory.Time.Advance(TimeSpan.FromMinutes(1));
        var c = await IncidentAsync("P2 no target", service, customer, "high", "medium"); // no resolution target: no due
        var d = await IncidentAsync("P1 VPN down", service, customer, "high", "high"); // due +2+120
        Assert.Equal(JsonValueKind.Null, c.GetProperty("resolutionDueAt").ValueKind);
        Assert.Equal(b.GetProperty("createdAt").GetDateTime().AddMinutes(120), b.GetProperty("resolutionDueAt").GetDateTime());

        // Keyset pages of two, nearest due first, no due last.
        var page1 = await BodyAsync(await Admin.GetAsync("/api/v1/incidents?sort=due&limit=2"));
        Assert.Equal([Id(b), Id(d)], page1.GetProperty("items").EnumerateArray().Select(Id));
        var cursor = page1.GetProperty("nextCursor").GetString();
        var page2 = await BodyAsync(await Admin.GetAsync($"/api/v1/incidents?sort=due&limit=2&cursor={cursor}"));
        Assert.Equal([Id(a), Id(c)], page2.GetProperty("items").EnumerateArray().Select(Id));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextCursor").ValueKind);
        Assert.Equal([Id(c), Id(a), Id(d), Id(b)], await QueueAsync("sort=-due"));

        // Pending pauses the clock: no due instant while it waits, so it drops to the end; resuming brings it back.
        d = await MoveAsync(d, new { to = "pending", pendingReason = "awaitingCustomer" });
        Assert.Equal([Id(b), Id(a)], (await QueueAsync("sort=due")).Take(2));
        Assert.Equal(JsonValueKind.Null, d.GetProperty("resolutionDueAt").ValueKind);
        d = await MoveAsync(d, new { to = "inProgress" });
        Assert.Equal([Id(b), Id(d), Id(a), Id(c)], await QueueAsync("sort=due"));

        // A priority change retargets the clock and the queue follows: the P3 becomes P1 (due 120 min after its start).
        var edit = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incidents/{Id(a)}", Tag(a), new { title = "P3 printer", serviceId = service, customerId = customer, impact = "high", urgency = "high" });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal([Id(a), Id(b), Id(d), Id(c)], await QueueAsync("sort=due"));

        // A calendar edit recomputes the clocks in the background; the recomputation tells the service desk.
        var beforeDue = (await GetIncidentAsync(b)).GetProperty("resolutionDueAt").GetDateTime();
        var current = await Admin.GetAsync($"/api/v1/calendars/{calendar}");
        var changed = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/calendars/{calendar}", current.Headers.ETag!.Tag, new
        {
            name = "Always", timeZone = "UTC", week = new Dictionary<string, string[]> { ["sunday"] = ["10:00-11:00"] },
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var stored = await WithDbAsync(db => db.Set<Incident>().Where(i => i.Id == Id(b)).Select(i => i.ResolutionDueAt).SingleAsync());
        Assert.Equal(beforeDue, stored); // not yet: the recomputation runs in the background
        await Factory.Services.GetRequiredService<ClockRecomputeJob>().RunNowAsync(CancellationToken.None);
        var listed = (await BodyAsync(await Admin.GetAsync("/api/v1/incidents?sort=due&limit=1"))).GetProperty("items")[0];
        var after = await WithDbAsync(db => db.Set<Incident>().Where(i => i.Id == Id(b)).Select(i => i.ResolutionDueAt).SingleAsync());
        Assert.True(after > beforeDue.AddDays(5), $"{beforeDue:o} -> {after:o}");
        Assert.Equal(DayOfWeek.Sunday, after!.Value.DayOfWeek);
        Assert.Equal(after, (await GetIncidentAsync(b)).GetProperty("resolutionDueAt").GetDateTime());
        Assert.Equal(DayOfWeek.Sunday, listed.GetProperty("resolutionDueAt").GetDateTime().DayOfWeek);
    }

    [Fact]
    public async Task Breaching_soon_lists_open_incidents_due_within_the_window_or_breached()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var p1 = await IncidentAsync("P1 due in 2 h", service, customer, "high", "high");
        var p3 = await IncidentAsync("P3 due in 8 h", service, customer);
        var resolved = await IncidentAsync("P1 resolved", service, customer, "high", "high");
        await MoveAsync(resolved, new { to = "resolved", resolutionCode = "Fixed", resolutionNotes = "Done." });

        Assert.Equal([Id(p1)], await QueueAsync("dueWithin=PT2H&sort=due"));
        Assert.Empty(await QueueAsync("dueWithin=PT1H"));
        Assert.Equal([Id(p1), Id(p3)], await QueueAsync("dueWithin=P1D&sort=due"));

        // Past due: breached incidents stay in the list whatever the window.
        Factory.Time.Advance(TimeSpan.FromHours(3));
        await Factory.Services.GetRequiredService<ClockCrossingJob>().RunNowAsync(CancellationToken.None);
        Assert.Equal([Id(p1)], await QueueAsync("dueWithin=PT1M"));
        Assert.True((await BodyAsync(await Admin.GetAsync("/api/v1/incidents?dueWithin=PT1M"))).GetProperty("items")[0].GetProperty("resolutionBreached").GetBoolean());

        await AssertProblemAsync(await Admin.GetAsync("/api/v1/incidents?dueWithin=2h"), HttpStatusCode.BadRequest, "dueWithin");
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/incidents?dueWithin=P90D"), HttpStatusCode.BadRequest, "dueWithin");
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/incidents?major=perhaps"), HttpStatusCode.BadRequest, "major");
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/incidents?sort=dueAt"), HttpStatusCode.BadRequest, "sort");
    }

    [Fact]
    public async Task My_groups_open_incidents_by_due_is_an_index_range_read()
    {
        var group = Guid.NewGuid();
        var plan = await WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            var sql = "SELECT \"Id\" FROM incidents WHERE \"AssignmentGroupId\" = @g AND \"Status\" IN (1, 2, 3, 4) ORDER BY \"DueSort\", \"Id\" LIMIT 26";
            if (db.IsPostgres)
            {
                await using (var off = connection.CreateCommand())
                {
                    off.CommandText = "SET enable_seqscan = off";
                    await off.ExecuteNonQueryAsync();
                }

                command.CommandText = "EXPLAIN " + sql;
            }
            else
            {
                command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            }

            var p = command.CreateParameter();
            p.ParameterName = "@g";
            p.Value = db.IsPostgres ? group : group.ToString("D").ToUpperInvariant();
            command.Parameters.Add(p);
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetValue(reader.FieldCount - 1)?.ToString() ?? "");
            }

            await connection.CloseAsync();
            return string.Join("\n", lines);
        });
        Assert.Contains("IX_incidents_AssignmentGroupId_DueSort_Id", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort Key", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saved_views_are_personal_unless_an_admin_shares_them()
    {
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        var (other, _) = await Factory.UserClientAsync(Admin, "Agent");
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester");

        var created = await agent.PostAsJsonAsync("/api/v1/incident-views", new { name = "My P1s by due", query = "?priority=1&sort=due&groupId=mine" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var mine = await BodyAsync(created);
        Assert.Equal("priority=1&groupId=mine&sort=due", mine.GetProperty("query").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsJsonAsync("/api/v1/incident-views", new { name = "My P1s by due", query = "" })).StatusCode);

        // Bad filters are refused with the list's own messages; unknown keys too; only admins share.
        await AssertProblemAsync(await agent.PostAsJsonAsync("/api/v1/incident-views", new { name = "Bad", query = "dueWithin=soon" }), HttpStatusCode.BadRequest, "query");
        await AssertProblemAsync(await agent.PostAsJsonAsync("/api/v1/incident-views", new { name = "Bad", query = "limit=5" }), HttpStatusCode.BadRequest, "query");
        await AssertProblemAsync(await agent.PostAsJsonAsync("/api/v1/incident-views", new { name = " ", query = "" }), HttpStatusCode.BadRequest, "name");
        await AssertProblemAsync(await agent.PostAsJsonAsync("/api/v1/incident-views", new { name = "Team", query = "", isShared = true }), HttpStatusCode.BadRequest, "isShared");
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/v1/incident-views")).StatusCode);

        var shared = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incident-views", new { name = "Breaching soon", query = "dueWithin=PT2H&sort=due", isShared = true }));

        // The agent sees their own and the shared one; the other agent only the shared one.
        var agentViews = await BodyAsync(await agent.GetAsync("/api/v1/incident-views"));
        Assert.Equal(["My P1s by due", "Breaching soon"], agentViews.EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        Assert.False(agentViews[1].GetProperty("canEdit").GetBoolean());
        Assert.Equal(["Breaching soon"], (await BodyAsync(await other.GetAsync("/api/v1/incident-views"))).EnumerateArray().Select(v => v.GetProperty("name").GetString()));

        // Someone else's personal view does not exist for them; a shared one is read-only for agents.
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incident-views/{Id(mine)}", Tag(mine), new { name = "x", query = "" }, other)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/incident-views/{Id(mine)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incident-views/{Id(shared)}", Tag(shared), new { name = "x", query = "" }, agent)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.DeleteAsync($"/api/v1/incident-views/{Id(shared)}")).StatusCode);

        var renamed = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incident-views/{Id(mine)}", Tag(mine), new { name = "P1s", query = "priority=1&sort=due" }, agent);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incident-views/{Id(mine)}", Tag(mine), new { name = "P1s", query = "" }, agent)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await agent.DeleteAsync($"/api/v1/incident-views/{Id(mine)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/incident-views/{Id(shared)}")).StatusCode);
    }

    [Fact]
    public async Task A_bulk_change_applies_every_valid_item_and_reports_each_one()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (_, alice) = await Factory.UserClientAsync(Admin, "Agent");
        var (_, outsider) = await Factory.UserClientAsync(Admin, "Agent");
        var network = await GroupAsync("Network", [alice]);
        var one = await IncidentAsync("One", service, customer);
        var two = await IncidentAsync("Two", service, customer);
        var stale = await IncidentAsync("Stale", service, customer);
        var closed = await IncidentAsync("Closed", service, customer);
        closed = await MoveAsync(closed, new { to = "cancelled" });

        var response = await Admin.PostAsJsonAsync("/api/v1/incidents/bulk", new
        {
            action = "assign", assignmentGroupId = network, assigneeId = alice,
            items = new object[]
            {
                new { id = Id(one), version = 1 }, new { id = Id(two), version = 1 }, new { id = Id(stale), version = 7 },
                new { id = Id(closed), version = closed.GetProperty("version").GetInt32() }, new { id = Guid.NewGuid(), version = 1 },
            },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await BodyAsync(response);
        Assert.Equal(2, result.GetProperty("succeeded").GetInt32());
        Assert.Equal(["ok", "ok", "stale", "notAllowed", "notFound"], result.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal([200, 200, 409, 409, 404], result.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal(2, result.GetProperty("results")[0].GetProperty("version").GetInt32());
        Assert.Equal("Network", (await GetIncidentAsync(one)).GetProperty("assignmentGroupName").GetString());
        Assert.Equal(JsonValueKind.Null, (await GetIncidentAsync(stale)).GetProperty("assignmentGroupId").ValueKind);

        // A move the lifecycle refuses names the allowed ones; an invalid item (an assignee outside the group) is 400; the rest apply.
        one = await GetIncidentAsync(one);
        two = await GetIncidentAsync(two);
        stale = await GetIncidentAsync(stale);
        var resolvedFirst = await MoveAsync(stale, new { to = "resolved", resolutionCode = "Fixed", resolutionNotes = "x" });
        var moved = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents/bulk", new
        {
            action = "transition", to = "pending", pendingReason = "awaitingSupplier",
            items = new object[] { new { id = Id(one), version = one.GetProperty("version").GetInt32() }, new { id = Id(resolvedFirst), version = resolvedFirst.GetProperty("version").GetInt32() } },
        }));
        var refused = moved.GetProperty("results")[1];
        Assert.Equal("incident.transition", refused.GetProperty("rule").GetString());
        Assert.Equal(["closed", "inProgress"], refused.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("pending", (await GetIncidentAsync(one)).GetProperty("status").GetString());

        var invalid = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents/bulk", new
        {
            action = "assign", assigneeId = outsider, items = new object[] { new { id = Id(two), version = two.GetProperty("version").GetInt32() } },
        }));
        Assert.Equal(400, invalid.GetProperty("results")[0].GetProperty("status").GetInt32());
        Assert.True(invalid.GetProperty("results")[0].GetProperty("errors").TryGetProperty("assigneeId", out _));
        Assert.Equal(alice, (await GetIncidentAsync(two)).GetProperty("assigneeId").GetGuid()); // nothing of the invalid item applied

        var priority = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/incidents/bulk", new
        {
            action = "priority", impact = "high", urgency = "high", items = new object[] { new { id = Id(two), version = two.GetProperty("version").GetInt32() } },
        }));
        Assert.Equal("ok", priority.GetProperty("results")[0].GetProperty("outcome").GetString());
        Assert.Equal(1, (await GetIncidentAsync(two)).GetProperty("priority").GetInt32());

        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/incidents/bulk", new { action = "delete", items = new object[] { new { id = Id(one), version = 1 } } }), HttpStatusCode.BadRequest, "action");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/incidents/bulk", new { action = "assign", assigneeId = alice, items = Array.Empty<object>() }), HttpStatusCode.BadRequest, "items");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/incidents/bulk", new { action = "assign", assigneeId = alice, items = new object[] { new { id = Id(one) } } }), HttpStatusCode.BadRequest, "items[0].version");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/incidents/bulk", new { action = "transition", items = new object[] { new { id = Id(one), version = 1 } } }), HttpStatusCode.BadRequest, "to");
    }

    [Fact]
    public async Task An_escalation_rule_fires_once_per_incident_even_with_two_runs_at_once()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (_, alice) = await Factory.UserClientAsync(Admin, "Agent");
        var (_, boss) = await Factory.UserClientAsync(Admin, "SmsManager");
        var (_, duty) = await Factory.UserClientAsync(Admin, "Agent");
        var first = await GroupAsync("First line", [alice], boss);
        var second = await GroupAsync("Second line", [duty]);
        var functional = await Admin.PostAsJsonAsync("/api/v1/escalation-rules", new
        {
            name = "P1 to second line 30 min before due", priorities = new[] { 1 }, trigger = "minutesBeforeDue", threshold = 30, action = "functional", targetGroupId = second,
        });
        Assert.Equal(HttpStatusCode.Created, functional.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/v1/escalation-rules", new
        {
            name = "Tell the manager at half time", priorities = new[] { 1, 2 }, trigger = "percentElapsed", threshold = 50, action = "hierarchic", notifyManager = true,
        })).StatusCode);
        var p1 = await IncidentAsync("Core switch down", service, customer, "high", "high", first, alice);
        var p3 = await IncidentAsync("Slow laptop", service, customer, "medium", "medium", first);
        var job = Factory.Services.GetRequiredService<EscalationJob>();

        Assert.Equal(0, await job.RunNowAsync(CancellationToken.None));
        Factory.Time.Advance(TimeSpan.FromMinutes(61)); // half of the 120-minute P1 target
        var runs = await Task.WhenAll(Task.Run(() => job.RunNowAsync(CancellationToken.None)), Task.Run(() => job.RunNowAsync(CancellationToken.None)));
        Assert.Equal(1, runs.Sum());
        Assert.Single(await NotificationsAsync(boss), n => n.Kind == "incident.escalated");
        Assert.Equal("First line", (await GetIncidentAsync(p1)).GetProperty("assignmentGroupName").GetString());

        Factory.Time.Advance(TimeSpan.FromMinutes(30)); // 29 minutes before due
        runs = await Task.WhenAll(Task.Run(() => job.RunNowAsync(CancellationToken.None)), Task.Run(() => job.RunNowAsync(CancellationToken.None)));
        Assert.Equal(1, runs.Sum());
        Assert.Equal(0, await job.RunNowAsync(CancellationToken.None));
        var escalated = await GetIncidentAsync(p1);
        Assert.Equal("Second line", escalated.GetProperty("assignmentGroupName").GetString());
        Assert.Equal(JsonValueKind.Null, escalated.GetProperty("assigneeId").ValueKind);
        Assert.Single(await NotificationsAsync(duty), n => n.Kind == "incident.escalated");
        Assert.Equal(2, await CountAsync<EscalationFiring>());
        Assert.Equal("First line", (await GetIncidentAsync(p3)).GetProperty("assignmentGroupName").GetString()); // P3: no rule

        var timeline = await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{Id(p1)}/timeline?category=changes"));
        Assert.Equal(2, timeline.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("kind").GetString() == "escalated"));

        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/escalation-rules", new { name = "x", priorities = new[] { 9 }, trigger = "percentElapsed", threshold = 50, action = "hierarchic", notifyManager = true }),
            HttpStatusCode.BadRequest, "priorities");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/escalation-rules", new { name = "x", priorities = new[] { 1 }, trigger = "percentElapsed", threshold = 150, action = "hierarchic", notifyManager = true }),
            HttpStatusCode.BadRequest, "threshold");
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/escalation-rules", new { name = "x", priorities = new[] { 1 }, trigger = "minutesBeforeDue", threshold = 5, action = "functional" }),
            HttpStatusCode.BadRequest, "targetGroupId");
        var (agentClient, _) = await Factory.UserClientAsync(Admin, "Agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await agentClient.PostAsJsonAsync("/api/v1/escalation-rules", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_major_incident_tells_management_records_its_updates_and_closes_only_after_its_review()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (_, manager) = await Factory.UserClientAsync(Admin, "SmsManager");
        var (_, owner) = await Factory.UserClientAsync(Admin, "ServiceOwner");
        var (_, agent) = await Factory.UserClientAsync(Admin, "Agent");
        var (alice, aliceId) = await Factory.UserClientAsync(Admin, "Requester");
        var incident = await IncidentAsync("Payments are failing", service, customer, "high", "high", client: alice);
        Assert.False(incident.GetProperty("isMajor").GetBoolean());

        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{Id(incident)}/major", "\"1\"", new { reason = " " }), HttpStatusCode.BadRequest, "reason");
        var declared = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{Id(incident)}/major", "\"1\"", new { reason = "All card payments fail." });
        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        incident = await BodyAsync(declared);
        Assert.True(incident.GetProperty("isMajor").GetBoolean());
        Assert.Single(await NotificationsAsync(manager), n => n.Kind == "incident.major");
        Assert.Single(await NotificationsAsync(owner), n => n.Kind == "incident.major");
        Assert.Empty(await NotificationsAsync(agent));
        Assert.Equal([Id(incident)], await QueueAsync("major=true"));
        Assert.Equal("major.already", (await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{Id(incident)}/major", Tag(incident), new { reason = "again" }), HttpStatusCode.Conflict)).GetProperty("rule").GetString());

        // Updates: an internal one, and one communicated to the customer and the requester.
        var url = $"/api/v1/incidents/{Id(incident)}/major-updates";
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync(url, new { body = "Bridge opened; the acquirer is investigating." })).StatusCode);
        Factory.Time.Advance(TimeSpan.FromMinutes(10));
        var told = await BodyAsync(await Admin.PostAsJsonAsync(url, new { body = "Card payments are failing; next update in 30 minutes.", communicate = true }));
        Assert.True(told.GetProperty("communicated").GetBoolean());
        Assert.Equal(JsonValueKind.Null, told.GetProperty("deliveredAt").ValueKind); // mail is switched off here: nothing was handed over
        Assert.Equal(["customer:Finance", $"contact:Requester user"], told.GetProperty("recipients").EnumerateArray().Select(r => $"{r.GetProperty("kind").GetString()}:{r.GetProperty("name").GetString()}"));
        Assert.Equal(aliceId, told.GetProperty("recipients")[1].GetProperty("id").GetGuid());
        Assert.Equal(Factory.Time.GetUtcNow().UtcDateTime, told.GetProperty("communicatedAt").GetDateTime(), TimeSpan.FromSeconds(1));
        await AssertProblemAsync(await Admin.PostAsJsonAsync(url, new { body = "" }), HttpStatusCode.BadRequest, "body");
        Assert.Equal(2, (await BodyAsync(await Admin.GetAsync(url))).GetArrayLength());
        Assert.Equal(1, (await BodyAsync(await alice.GetAsync(url))).GetArrayLength()); // the requester reads what was communicated

        // Closing needs a completed review.
        incident = await MoveAsync(incident, new { to = "resolved", resolutionCode = "Fixed", resolutionNotes = "Acquirer certificate renewed." });
        var refused = await MoveAsync(incident, new { to = "closed" }, HttpStatusCode.Conflict);
        Assert.Equal("major.review-required", refused.GetProperty("rule").GetString());

        var reviewUrl = $"/api/v1/incidents/{Id(incident)}/review";
        var draft = await SendWithEtagAsync(HttpMethod.Put, reviewUrl, "\"1\"", new { summary = "Payments failed for 2 hours.", actions = new[] { new { description = "Monitor certificate expiry" } } });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.False((await BodyAsync(draft)).GetProperty("completed").GetBoolean());
        Assert.Equal("major.review-required", (await MoveAsync(incident, new { to = "closed" }, HttpStatusCode.Conflict)).GetProperty("rule").GetString());
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Put, reviewUrl, "\"1\"", new
        {
            summary = "Payments failed for 2 hours.", complete = true, actions = new[] { new { description = "Monitor certificate expiry" } },
        }), HttpStatusCode.BadRequest, "rootCause");
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Put, reviewUrl, "\"1\"", new
        {
            summary = "Payments failed for 2 hours.", rootCause = "Expired certificate.", complete = true, actions = new[] { new { description = "Monitor certificate expiry" } },
        }), HttpStatusCode.BadRequest, "actions[0].ownerId");
        var done = await SendWithEtagAsync(HttpMethod.Put, reviewUrl, "\"1\"", new
        {
            summary = "Payments failed for 2 hours.", rootCause = "Expired certificate.", wentWell = "Fast bridge.", wentBadly = "Late detection.", complete = true,
            actions = new[] { new { description = "Monitor certificate expiry", ownerId = agent, dueDate = "2026-12-31" } },
        });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.True((await BodyAsync(done)).GetProperty("completed").GetBoolean());
        incident = await MoveAsync(incident, new { to = "closed" });
        Assert.Equal("closed", incident.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync(reviewUrl)).StatusCode);
        var reopened = await SendWithEtagAsync(HttpMethod.Put, reviewUrl, "\"2\"", new { summary = "x", complete = false });
        Assert.Equal("incident.final", (await AssertProblemAsync(reopened, HttpStatusCode.Conflict)).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task The_major_incident_rule_declares_by_priority_and_service_criticality()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync(); // Mail: high criticality
        var (_, chosen) = await Factory.UserClientAsync(Admin, "Agent");
        var settings = await Admin.GetAsync("/api/v1/service-desk/major-incident-settings");
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Put, "/api/v1/service-desk/major-incident-settings", settings.Headers.ETag!.Tag,
            new { autoPriority = 7, autoCriticalities = new[] { "huge" } }), HttpStatusCode.BadRequest, "autoPriority");
        Assert.Equal(HttpStatusCode.OK, (await SendWithEtagAsync(HttpMethod.Put, "/api/v1/service-desk/major-incident-settings", settings.Headers.ETag!.Tag,
            new { autoPriority = 1, autoCriticalities = new[] { "high", "critical" }, notifyUserIds = new[] { chosen } })).StatusCode);

        var p3 = await IncidentAsync("Slow", service, customer);
        Assert.False(p3.GetProperty("isMajor").GetBoolean());
        var p1 = await IncidentAsync("Down", service, customer, "high", "high");
        Assert.True(p1.GetProperty("isMajor").GetBoolean());
        Assert.Single(await NotificationsAsync(chosen), n => n.Kind == "incident.major");

        // Raising the priority of an existing one declares it too.
        var raised = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incidents/{Id(p3)}", Tag(p3), new { title = "Slow", serviceId = service, customerId = customer, impact = "high", urgency = "high" });
        Assert.True((await BodyAsync(raised)).GetProperty("isMajor").GetBoolean());
    }

    [Fact]
    public async Task Watchers_are_told_about_public_comments_status_changes_and_major_updates()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (agent, agentId) = await Factory.UserClientAsync(Admin, "Agent");
        var (_, colleague) = await Factory.UserClientAsync(Admin, "Agent");
        var (_, requester) = await Factory.UserClientAsync(Admin, "Requester");
        var incident = await IncidentAsync("Wi-Fi flaky", service, customer);
        var url = $"/api/v1/incidents/{Id(incident)}/watchers";

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync(url, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync(url, new { userId = colleague })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync(url, null)).StatusCode); // twice is fine
        await AssertProblemAsync(await agent.PostAsJsonAsync(url, new { userId = requester }), HttpStatusCode.BadRequest, "userId");
        Assert.Equal(2, (await BodyAsync(await agent.GetAsync(url))).GetArrayLength());

        var comments = $"/api/v1/incidents/{Id(incident)}/comments";
        await Admin.PostAsJsonAsync(comments, new { body = "Internal: AP firmware suspected." });
        Factory.Time.Advance(TimeSpan.FromSeconds(1));
        await Admin.PostAsJsonAsync(comments, new { body = "We are on it.", isPublic = true });
        Factory.Time.Advance(TimeSpan.FromSeconds(1));
        incident = await MoveAsync(incident, new { to = "inProgress" });
        Factory.Time.Advance(TimeSpan.FromSeconds(1));
        await agent.PostAsJsonAsync(comments, new { body = "Replaced the AP.", isPublic = true }); // the agent's own comment: not told to themself
        Assert.Equal(["incident.comment", "incident.status"], (await NotificationsAsync(agentId)).Select(n => n.Kind));
        Assert.Equal(["incident.comment", "incident.status", "incident.comment"], (await NotificationsAsync(colleague)).Select(n => n.Kind));

        incident = await BodyAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/incidents/{Id(incident)}/major", Tag(incident), new { reason = "Whole floor offline." }));
        await Admin.PostAsJsonAsync($"/api/v1/incidents/{Id(incident)}/major-updates", new { body = "Replacement APs on the way." });
        Assert.Contains(await NotificationsAsync(agentId), n => n.Kind == "incident.major-update");

        Assert.Equal(HttpStatusCode.NoContent, (await agent.DeleteAsync($"{url}/me")).StatusCode);
        Assert.Equal([colleague], (await BodyAsync(await agent.GetAsync(url))).EnumerateArray().Select(w => w.GetProperty("userId").GetGuid()));
    }

    [Fact]
    public async Task The_timeline_merges_everything_in_order_and_requesters_see_only_public_entries()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (bob, _) = await Factory.UserClientAsync(Admin, "Requester");
        var incident = await IncidentAsync("Printer offline", service, customer, client: alice);
        var comments = $"/api/v1/incidents/{Id(incident)}/comments";
        Factory.Time.Advance(TimeSpan.FromMinutes(1));
        await Admin.PostAsJsonAsync(comments, new { body = "Work note: driver issue?" });
        Factory.Time.Advance(TimeSpan.FromMinutes(1));
        incident = await MoveAsync(incident, new { to = "pending", pendingReason = "awaitingCustomer" });
        Factory.Time.Advance(TimeSpan.FromMinutes(1));
        await Admin.PostAsJsonAsync(comments, new { body = "Please switch it on and off.", isPublic = true });
        Factory.Time.Advance(TimeSpan.FromMinutes(1));
        var edit = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/incidents/{Id(incident)}", Tag(incident), new { title = "Printer offline", serviceId = service, customerId = customer, impact = "high", urgency = "high" });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);

        var staff = (await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{Id(incident)}/timeline"))).GetProperty("items").EnumerateArray().ToList();
        var kinds = staff.Select(i => i.GetProperty("kind").GetString()).ToList();
        Assert.Equal(staff.Select(i => i.GetProperty("at").GetDateTime()).Order(), staff.Select(i => i.GetProperty("at").GetDateTime()));
        Assert.Equal("created", kinds[0]);
        Assert.Contains("sla.started", kinds);
        Assert.Contains("sla.paused", kinds);
        Assert.Contains("audit", kinds);
        Assert.True(kinds.IndexOf("workNote") < kinds.IndexOf("status") && kinds.IndexOf("status") < kinds.IndexOf("comment") && kinds.IndexOf("comment") < kinds.IndexOf("priority"),
            string.Join(", ", kinds));

        var requester = (await BodyAsync(await alice.GetAsync($"/api/v1/incidents/{Id(incident)}/timeline"))).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["created", "status", "comment"], requester);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/incidents/{Id(incident)}/timeline")).StatusCode);

        var sla = (await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{Id(incident)}/timeline?category=sla"))).GetProperty("items").EnumerateArray().ToList();
        Assert.All(sla, i => Assert.StartsWith("sla.", i.GetProperty("kind").GetString(), StringComparison.Ordinal));
        var commentsOnly = (await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{Id(incident)}/timeline?category=comments"))).GetProperty("items");
        Assert.Equal(["workNote", "comment"], commentsOnly.EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
        var capped = await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{Id(incident)}/timeline?limit=2"));
        Assert.True(capped.GetProperty("truncated").GetBoolean());
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/incidents/{Id(incident)}/timeline?category=emails"), HttpStatusCode.BadRequest, "category");
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/incidents/{Id(incident)}/timeline?limit=0"), HttpStatusCode.BadRequest, "limit");
    }
}

public sealed class SqliteWorkspaceApiTests(SqliteFactory factory) : WorkspaceApiTests<SqliteFactory>(factory);

public sealed class PostgresWorkspaceApiTests(PostgresFactory factory) : WorkspaceApiTests<PostgresFactory>(factory);
