using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

public abstract class RequestApiTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private static readonly object LaptopForm = new
    {
        fields = new object[]
        {
            new { key = "model", label = "Model", type = "choice", required = true, options = new[] { "Standard", "Developer" } },
            new { key = "ram", label = "Memory (GB)", type = "number", min = 8, max = 64 },
            new { key = "neededBy", label = "Needed by", type = "date" },
            new { key = "justification", label = "Why", type = "multiline", required = true },
            new { key = "accessories", label = "Accessories", type = "multiChoice", options = new[] { "Dock", "Headset", "Mouse" } },
            new { key = "deliverTo", label = "Deliver to", type = "user" },
            new { key = "contact", label = "Contact e-mail", type = "email" },
            new { key = "policy", label = "I accept the device policy", type = "checkbox", required = true },
        },
    };

    private async Task<Guid> GroupAsync(string name, params Guid[] members)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/assignment-groups", new { name, memberIds = members });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await BodyAsync(response)).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> ItemAsync(object body)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/request-items", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    private static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    private static string Etag(JsonElement e) => $"\"{e.GetProperty("version").GetInt32()}\"";

    private static JsonElement Clock(JsonElement request, string metric) =>
        request.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == metric);

    private async Task<JsonElement> TaskAsync(JsonElement request, int index, object body, HttpClient client, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var task = request.GetProperty("tasks")[index];
        var response = await SendWithEtagAsync(HttpMethod.Patch, $"/api/v1/requests/{Id(request)}/tasks/{Id(task)}", Etag(task), body, client);
        Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    private async Task<JsonElement> DecideAsync(JsonElement request, HttpClient approver, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await approver.PostAsJsonAsync($"/api/v1/requests/{Id(request)}/approvals", body);
        Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    [Fact]
    public async Task A_request_waits_for_all_approvers_then_its_ordered_tasks_fulfil_it_and_the_clock_counts_only_fulfilment()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (alice, aliceId) = await Factory.UserClientAsync(Admin, "Requester", "alice@test.quadrant.local");
        var (bob, _) = await Factory.UserClientAsync(Admin, "Requester", "bob@test.quadrant.local");
        var (manager, managerId) = await Factory.UserClientAsync(Admin, "Requester", "manager@test.quadrant.local");
        var (finance, financeId) = await Factory.UserClientAsync(Admin, "Agent", "finance@test.quadrant.local");
        var (agent, agentId) = await Factory.UserClientAsync(Admin, "Agent", "agent@test.quadrant.local");
        var desk = await GroupAsync("Hardware desk", agentId);
        var item = await ItemAsync(new
        {
            name = "New laptop", category = "Hardware", serviceId = service, description = "A laptop for a new starter or a replacement.",
            instructions = "Check the stock first.", form = LaptopForm, defaultPriority = 1,
            approval = new { mode = "all", approverIds = new[] { managerId, financeId } },
            fulfilment = new { ordering = "sequential", tasks = new object[] { new { title = "Order the laptop", assignmentGroupId = desk }, new { title = "Hand it over", assignmentGroupId = desk, assigneeId = agentId } } },
        });
        Assert.True(item.GetProperty("needsApproval").GetBoolean());

        var created = await alice.PostAsJsonAsync("/api/v1/requests", new
        {
            itemId = Id(item), customerId = customer,
            answers = new Dictionary<string, object>
            {
                ["model"] = "developer", ["ram"] = 32, ["neededBy"] = "2026-12-01", ["justification"] = "New starter in the data team.",
                ["accessories"] = new[] { "Dock", "Mouse" }, ["deliverTo"] = aliceId, ["policy"] = true,
            },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var request = await BodyAsync(created);
        Assert.Equal("REQ-000001", request.GetProperty("reference").GetString());
        Assert.Equal("awaitingApproval", request.GetProperty("status").GetString());
        Assert.Equal(1, request.GetProperty("priority").GetInt32());
        Assert.Equal("Developer", request.GetProperty("answers").EnumerateArray().Single(a => a.GetProperty("key").GetString() == "model").GetProperty("display").GetString());
        Assert.Equal("Requester user", request.GetProperty("answers").EnumerateArray().Single(a => a.GetProperty("key").GetString() == "deliverTo").GetProperty("display").GetString());
        Assert.Equal(2, request.GetProperty("approvals").GetArrayLength());
        Assert.Equal(0, request.GetProperty("tasks").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, request.GetProperty("fulfilmentInstructions").ValueKind); // requesters do not see the desk's instructions
        Assert.Equal("Paused", Clock(request, "resolution").GetProperty("status").GetString());
        Assert.Equal("awaiting approval", Clock(request, "resolution").GetProperty("pauseReason").GetString());

        // Only the designated approvers decide: staff that are not approvers get 403, other requesters do not even see it.
        await AssertProblemAsync(await agent.PostAsJsonAsync($"/api/v1/requests/{Id(request)}/approvals", new { decision = "approve" }), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsJsonAsync($"/api/v1/requests/{Id(request)}/approvals", new { decision = "approve" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/requests/{Id(request)}")).StatusCode);

        // The approver sees it in "my approvals" and in the request itself.
        var mine = await BodyAsync(await manager.GetAsync("/api/v1/request-approvals/mine"));
        Assert.Equal("REQ-000001", mine.GetProperty("items")[0].GetProperty("reference").GetString());
        Assert.Equal(2, mine.GetProperty("items")[0].GetProperty("needed").GetInt32());
        Assert.True((await BodyAsync(await manager.GetAsync($"/api/v1/requests/{Id(request)}"))).GetProperty("canDecide").GetBoolean());

        Factory.Time.Advance(TimeSpan.FromHours(2));
        request = await DecideAsync(request, manager, new { decision = "approve", comment = "Fine by me" });
        Assert.Equal("awaitingApproval", request.GetProperty("status").GetString()); // all mode: one of two
        var again = await DecideAsync(request, manager, new { decision = "approve" }, HttpStatusCode.Conflict);
        Assert.Equal("request.already-decided", again.GetProperty("rule").GetString());
        Assert.Equal(0, (await BodyAsync(await manager.GetAsync("/api/v1/request-approvals/mine"))).GetProperty("items").GetArrayLength());

        request = await DecideAsync(request, finance, new { decision = "approve" });
        Assert.Equal("inFulfilment", request.GetProperty("status").GetString());
        Assert.Equal(["open", "waiting"], request.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Equal("Running", Clock(request, "resolution").GetProperty("status").GetString());
        Assert.Equal(0, Clock(request, "resolution").GetProperty("elapsedMinutes").GetDouble(), 3); // the two hours of approval do not count

        // Tasks: the agent's queue, their own ETag, and the next opens when the first is done.
        var queue = await BodyAsync(await agent.GetAsync("/api/v1/request-tasks?groupId=mine"));
        Assert.Equal(["Order the laptop"], queue.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("title").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendWithEtagAsync(HttpMethod.Patch,
            $"/api/v1/requests/{Id(request)}/tasks/{Id(request.GetProperty("tasks")[0])}", "\"1\"", new { status = "done" }, alice)).StatusCode);
        var stale = await SendWithEtagAsync(HttpMethod.Patch, $"/api/v1/requests/{Id(request)}/tasks/{Id(request.GetProperty("tasks")[0])}", "\"7\"", new { status = "done" }, agent);
        Assert.Equal("concurrency", (await AssertProblemAsync(stale, HttpStatusCode.Conflict)).GetProperty("rule").GetString());
        var early = await TaskAsync(request, 1, new { status = "done" }, agent, HttpStatusCode.Conflict);
        Assert.Equal("request-task.transition", early.GetProperty("rule").GetString());

        Factory.Time.Advance(TimeSpan.FromMinutes(20));
        request = await TaskAsync(request, 0, new { status = "inProgress", assigneeId = agentId, workNote = "Ordered from the supplier." }, agent);
        Assert.Equal("Stopped", Clock(request, "firstResponse").GetProperty("status").GetString());
        Assert.Equal(20, Clock(request, "firstResponse").GetProperty("elapsedMinutes").GetDouble(), 3);
        request = await TaskAsync(request, 0, new { status = "done" }, agent);
        Assert.Equal(["done", "open"], request.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Equal("inFulfilment", request.GetProperty("status").GetString());
        Factory.Time.Advance(TimeSpan.FromMinutes(10));
        request = await TaskAsync(request, 1, new { status = "done" }, agent);
        Assert.Equal("fulfilled", request.GetProperty("status").GetString());
        Assert.Equal("Stopped", Clock(request, "resolution").GetProperty("status").GetString());
        Assert.Equal(30, Clock(request, "resolution").GetProperty("elapsedMinutes").GetDouble(), 3);

        // The requester closes it; the history tells the story.
        var aliceView = await BodyAsync(await alice.GetAsync($"/api/v1/requests/{Id(request)}"));
        Assert.Equal(["closed"], aliceView.GetProperty("allowedTransitions").EnumerateArray().Select(t => t.GetString()));
        var closed = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/requests/{Id(request)}/transitions", Etag(aliceView), new { to = "closed" }, alice);
        Assert.True(closed.StatusCode == HttpStatusCode.OK, await closed.Content.ReadAsStringAsync());
        Assert.Equal("closed", (await BodyAsync(closed)).GetProperty("status").GetString());
        var history = await BodyAsync(await alice.GetAsync($"/api/v1/requests/{Id(request)}/history"));
        Assert.Equal(["submitted", "awaitingApproval", "approved", "inFulfilment", "fulfilled", "closed"],
            history.EnumerateArray().Where(e => e.GetProperty("kind").GetString() is "created" or "statusChanged").Select(e => e.GetProperty("to").GetString()));
        Assert.Equal(2, history.EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "approvalDecided"));

        // Work notes stay with the desk; public comments are shared.
        var notes = await BodyAsync(await agent.GetAsync($"/api/v1/requests/{Id(request)}/comments"));
        Assert.Contains(notes.EnumerateArray(), c => c.GetProperty("body").GetString()!.Contains("Ordered from the supplier.", StringComparison.Ordinal));
        Assert.Equal(0, (await BodyAsync(await alice.GetAsync($"/api/v1/requests/{Id(request)}/comments"))).GetArrayLength());
    }

    [Fact]
    public async Task Editing_an_item_does_not_change_requests_already_raised()
    {
        var service = Id(await CreateServiceAsync("Workplace", lifecycle: "live"));
        var item = await ItemAsync(new
        {
            name = "Software licence", category = "Software", serviceId = service,
            form = new { fields = new object[] { new { key = "product", label = "Product", type = "choice", required = true, options = new[] { "Visio", "Project" } } } },
        });
        var request = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/requests", new { itemId = Id(item), answers = new { product = "Visio" } }));
        Assert.Equal("inFulfilment", request.GetProperty("status").GetString()); // no approval, no tasks: fulfilled by hand

        var edit = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/request-items/{Id(item)}", Etag(item), new
        {
            name = "Software licence", category = "Software", serviceId = service,
            form = new { fields = new object[] { new { key = "title", label = "Which software?", type = "text", required = true } } },
            approval = new { mode = "any", approverIds = new[] { (await Factory.UserClientAsync(Admin, "Agent")).UserId } },
        });
        Assert.True(edit.StatusCode == HttpStatusCode.OK, await edit.Content.ReadAsStringAsync());
        Assert.Equal(2, (await BodyAsync(edit)).GetProperty("revision").GetInt32());
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/request-items/{Id(item)}", Etag(item), new { name = "x", category = "y", serviceId = service }),
            HttpStatusCode.Conflict);

        var again = await BodyAsync(await Admin.GetAsync($"/api/v1/requests/{Id(request)}"));
        Assert.Equal(1, again.GetProperty("itemRevision").GetInt32());
        Assert.Equal("Product", again.GetProperty("answers")[0].GetProperty("label").GetString());
        Assert.Equal("none", again.GetProperty("approvalMode").GetString());
        var fulfilled = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/requests/{Id(request)}/transitions", Etag(again), new { to = "fulfilled" });
        Assert.Equal("fulfilled", (await BodyAsync(fulfilled)).GetProperty("status").GetString());

        // A new request follows the new revision: the old answer is refused, naming the field.
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/requests", new { itemId = Id(item), answers = new { product = "Visio" } }),
            HttpStatusCode.BadRequest, "answers.product");
        var second = await BodyAsync(await Admin.PostAsJsonAsync("/api/v1/requests", new { itemId = Id(item), answers = new { title = "Visio" } }));
        Assert.Equal("awaitingApproval", second.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_rejection_ends_the_request_and_stops_its_clocks()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (approver1, a1) = await Factory.UserClientAsync(Admin, "Agent");
        var (approver2, a2) = await Factory.UserClientAsync(Admin, "Agent");
        var item = await ItemAsync(new
        {
            name = "Shared mailbox access", category = "Access", serviceId = service,
            form = new { fields = new object[] { new { key = "mailbox", label = "Mailbox", type = "email", required = true } } },
            approval = new { mode = "any", approverIds = new[] { a1, a2 } },
            fulfilment = new { ordering = "parallel", tasks = new object[] { new { title = "Grant access" } } },
        });
        var request = await BodyAsync(await alice.PostAsJsonAsync("/api/v1/requests", new { itemId = Id(item), customerId = customer, answers = new { mailbox = "finance@example.com" } }));
        await AssertProblemAsync(await approver1.PostAsJsonAsync($"/api/v1/requests/{Id(request)}/approvals", new { decision = "reject" }), HttpStatusCode.BadRequest, "comment");
        request = await DecideAsync(request, approver1, new { decision = "reject", comment = "Finance mailbox is restricted." });
        Assert.Equal("rejected", request.GetProperty("status").GetString());
        Assert.Equal(["rejected", "skipped"], request.GetProperty("approvals").EnumerateArray().Select(a => a.GetProperty("decision").GetString()).Order());
        Assert.Equal(0, request.GetProperty("tasks").GetArrayLength());
        Assert.All(request.GetProperty("clocks").EnumerateArray(), c => Assert.Equal("Stopped", c.GetProperty("status").GetString()));
        Assert.Equal("request.not-awaiting-approval", (await DecideAsync(request, approver2, new { decision = "approve" }, HttpStatusCode.Conflict)).GetProperty("rule").GetString());
        var refused = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/requests/{Id(request)}/transitions", Etag(request), new { to = "cancelled" });
        var problem = await AssertProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("request.transition", problem.GetProperty("rule").GetString());
        Assert.Contains("Allowed: none", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Any mode: one approval is enough, and the requester may cancel before fulfilment.
        var second = await BodyAsync(await alice.PostAsJsonAsync("/api/v1/requests", new { itemId = Id(item), answers = new { mailbox = "sales@example.com" } }));
        Assert.Equal(["approved", "cancelled"], second.GetProperty("allowedTransitions").EnumerateArray().Select(t => t.GetString()).Where(t => t != "approved").Prepend("approved"));
        var cancelled = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/requests/{Id(second)}/transitions", Etag(second), new { to = "cancelled" }, alice);
        Assert.Equal("cancelled", (await BodyAsync(cancelled)).GetProperty("status").GetString());
        var third = await BodyAsync(await alice.PostAsJsonAsync("/api/v1/requests", new { itemId = Id(item), answers = new { mailbox = "it@example.com" } }));
        third = await DecideAsync(third, approver2, new { decision = "approve" });
        Assert.Equal("inFulfilment", third.GetProperty("status").GetString());
        Assert.Equal(["open"], third.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Equal("request.transition", (await AssertProblemAsync(
            await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/requests/{Id(third)}/transitions", Etag(third), new { to = "approved" }), HttpStatusCode.Conflict)).GetProperty("rule").GetString());
        Assert.Equal("request.open-tasks", (await AssertProblemAsync(
            await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/requests/{Id(third)}/transitions", Etag(third), new { to = "fulfilled" }), HttpStatusCode.Conflict)).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Admin.PostAsJsonAsync($"/api/v1/requests/{Id(third)}/transitions", new { to = "fulfilled" })).StatusCode);
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/requests/{Id(third)}/transitions", "\"1\"", new { to = "fulfilled" }), HttpStatusCode.Conflict, "If-Match");
    }

    [Fact]
    public async Task Bad_answers_and_bad_definitions_are_400_naming_the_field()
    {
        var service = Id(await CreateServiceAsync("Workplace", lifecycle: "live"));
        var item = await ItemAsync(new { name = "New laptop", category = "Hardware", serviceId = service, form = LaptopForm });
        var bad = await Admin.PostAsJsonAsync("/api/v1/requests", new
        {
            itemId = Id(item),
            answers = new Dictionary<string, object>
            {
                ["model"] = "Gaming", ["ram"] = 128, ["neededBy"] = "next week", ["accessories"] = new[] { "Dock", "Printer" }, ["deliverTo"] = Guid.NewGuid(),
                ["contact"] = "not-an-address", ["policy"] = false, ["colour"] = "red",
            },
        });
        var problem = await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToList();
        Assert.Equal(["answers.accessories", "answers.colour", "answers.contact", "answers.deliverTo", "answers.justification", "answers.model", "answers.neededBy",
            "answers.policy", "answers.ram"], fields);

        var definition = await Admin.PostAsJsonAsync("/api/v1/request-items", new
        {
            name = "Broken", category = "Hardware", serviceId = service, defaultPriority = 9,
            form = new
            {
                fields = new object[]
                {
                    new { key = "a", label = "A", type = "text" },
                    new { key = "a", label = "Again", type = "choice" },
                    new { key = "n", label = "N", type = "number", min = 10, max = 1 },
                    new { key = "9x", label = "", type = "text", options = new[] { "x" } },
                },
            },
            approval = new { mode = "all" },
            fulfilment = new { tasks = new object[] { new { title = "" } } },
        });
        var defProblem = await AssertProblemAsync(definition, HttpStatusCode.BadRequest);
        var names = defProblem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "form.fields[1].key", "form.fields[1].options", "form.fields[2].max", "form.fields[3].key", "form.fields[3].label", "form.fields[3].options",
            "approval.approverIds", "fulfilment.tasks[0].title", "defaultPriority",
        }, names);

        // Catalogue management is for service desk admins.
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/request-items", new { name = "X", category = "Y", serviceId = service })).StatusCode);
    }

    [Fact]
    public async Task Requesters_see_only_their_own_requests_and_the_items_for_everyone()
    {
        var service = Id(await CreateServiceAsync("Workplace", lifecycle: "live"));
        var open = await ItemAsync(new { name = "Password reset", category = "Access", serviceId = service });
        var staffOnly = await ItemAsync(new { name = "Server access", category = "Access", serviceId = service, audience = "staffOnly" });
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (bob, bobId) = await Factory.UserClientAsync(Admin, "Requester");
        var items = await BodyAsync(await alice.GetAsync("/api/v1/request-items"));
        Assert.Equal(["Password reset"], items.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, items.GetProperty("items")[0].GetProperty("fulfilment").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/v1/request-items/{Id(staffOnly)}")).StatusCode);
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/v1/requests", new { itemId = Id(staffOnly) }), HttpStatusCode.BadRequest, "itemId");
        await AssertProblemAsync(await alice.PostAsJsonAsync("/api/v1/requests", new { itemId = Id(open), requestedForId = bobId }), HttpStatusCode.BadRequest, "requestedForId");

        var mine = await BodyAsync(await alice.PostAsJsonAsync("/api/v1/requests", new { itemId = Id(open) }));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/requests/{Id(mine)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/requests/{Id(mine)}/comments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/requests/{Id(mine)}/transitions", "\"1\"", new { to = "cancelled" }, bob)).StatusCode);
        Assert.Equal(0, (await BodyAsync(await bob.GetAsync("/api/v1/requests"))).GetProperty("items").GetArrayLength());
        Assert.Equal(1, (await BodyAsync(await alice.GetAsync("/api/v1/requests"))).GetProperty("items").GetArrayLength());

        // Staff raise for someone else; it shows in that person's list.
        var forBob = await Admin.PostAsJsonAsync("/api/v1/requests", new { itemId = Id(staffOnly), requestedForId = bobId, priority = 2 });
        Assert.Equal(HttpStatusCode.Created, forBob.StatusCode);
        var bobs = await BodyAsync(await bob.GetAsync("/api/v1/requests"));
        Assert.Equal(2, bobs.GetProperty("items")[0].GetProperty("priority").GetInt32());
        await AssertProblemAsync(await Admin.GetAsync("/api/v1/requests?status=bogus"), HttpStatusCode.BadRequest, "status");
        Assert.Equal(1, (await BodyAsync(await Admin.GetAsync("/api/v1/requests?search=REQ-000002"))).GetProperty("items").GetArrayLength());
        Assert.Equal(2, (await BodyAsync(await Admin.GetAsync("/api/v1/requests?open=true&sort=priority&limit=1"))).GetProperty("items")[0].GetProperty("priority").GetInt32());
    }
    [Fact]
    public async Task Staff_set_the_priority_and_the_clocks_retarget_and_a_retried_raise_is_not_raised_twice()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var item = await ItemAsync(new { name = "Headset", category = "Hardware", serviceId = service, fulfilment = new { tasks = new object[] { new { title = "Send it" } } } });
        var post = new HttpRequestMessage(HttpMethod.Post, "/api/v1/requests") { Content = JsonContent.Create(new { itemId = Id(item), customerId = customer }) };
        post.Headers.Add("Idempotency-Key", "headset-1");
        var request = await BodyAsync(await alice.SendAsync(post));
        var retry = new HttpRequestMessage(HttpMethod.Post, "/api/v1/requests") { Content = JsonContent.Create(new { itemId = Id(item), customerId = customer }) };
        retry.Headers.Add("Idempotency-Key", "headset-1");
        var replayed = await alice.SendAsync(retry);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, (await BodyAsync(await alice.GetAsync("/api/v1/requests?requestedForId=me"))).GetProperty("items").GetArrayLength());

        Assert.Equal(480, Clock(request, "resolution").GetProperty("targetMinutes").GetInt32()); // P3
        Assert.Equal(HttpStatusCode.Forbidden, (await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/requests/{Id(request)}/priority", Etag(request), new { priority = 1 }, alice)).StatusCode);
        await AssertProblemAsync(await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/requests/{Id(request)}/priority", Etag(request), new { priority = 7 }), HttpStatusCode.BadRequest, "priority");
        var raised = await SendWithEtagAsync(HttpMethod.Post, $"/api/v1/requests/{Id(request)}/priority", Etag(request), new { priority = 1 });
        Assert.True(raised.StatusCode == HttpStatusCode.OK, await raised.Content.ReadAsStringAsync());
        request = await BodyAsync(raised);
        Assert.Equal(1, request.GetProperty("priority").GetInt32());
        Assert.Equal(120, Clock(request, "resolution").GetProperty("targetMinutes").GetInt32());
        var history = await BodyAsync(await Admin.GetAsync($"/api/v1/requests/{Id(request)}/history"));
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("kind").GetString() == "priorityChanged" && e.GetProperty("to").GetString() == "1");

        // A requester's comment is public; asking for a work note is refused.
        await AssertProblemAsync(await alice.PostAsJsonAsync($"/api/v1/requests/{Id(request)}/comments", new { body = "secret", isPublic = false }), HttpStatusCode.BadRequest, "isPublic");
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"/api/v1/requests/{Id(request)}/comments", new { body = "Wireless please." })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync($"/api/v1/requests/{Id(request)}/comments", new { body = "Out of stock until Friday." })).StatusCode);
        Assert.Equal(["Wireless please."], (await BodyAsync(await alice.GetAsync($"/api/v1/requests/{Id(request)}/comments"))).EnumerateArray().Select(c => c.GetProperty("body").GetString()));
    }

    [Fact]
    public async Task Requests_are_found_by_full_text_search_by_staff_and_by_the_person_they_are_for_but_never_their_work_notes()
    {
        var service = (await CreateServiceAsync("Workplace", lifecycle: "live")).GetProperty("id").GetGuid();
        var (alice, _) = await Factory.UserClientAsync(Admin, "Requester");
        var (bob, _) = await Factory.UserClientAsync(Admin, "Requester");
        var item = await ItemAsync(new
        {
            name = "Software licence", category = "Software", serviceId = service,
            form = new { fields = new object[] { new { key = "product", label = "Product", type = "text", required = true } } },
        });
        var request = await BodyAsync(await alice.PostAsJsonAsync("/api/v1/requests", new { itemId = Id(item), answers = new { product = "Kaleidoscope diagram editor" } }));
        var reference = request.GetProperty("reference").GetString();
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync($"/api/v1/requests/{Id(request)}/comments",
            new { body = "Procurement quote pending for the zanzibar bundle", isPublic = false })).StatusCode);

        static List<string?> References(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()).ToList();

        // The answer is searchable by the desk and by Alice, with the kind "request"; Bob finds nothing.
        var staff = await BodyAsync(await Admin.GetAsync("/api/v1/search?q=kaleidoscope&kinds=request"));
        Assert.Equal([reference], References(staff));
        Assert.Equal("request", staff.GetProperty("items")[0].GetProperty("kind").GetString());
        Assert.Equal([reference], References(await BodyAsync(await alice.GetAsync("/api/v1/search?q=kaleidoscope"))));
        Assert.Empty(References(await BodyAsync(await bob.GetAsync("/api/v1/search?q=kaleidoscope"))));

        // The work note is found by staff only, and only once it is saved with the comment.
        Assert.Equal([reference], References(await BodyAsync(await Admin.GetAsync("/api/v1/search?q=zanzibar"))));
        Assert.Empty(References(await BodyAsync(await alice.GetAsync("/api/v1/search?q=zanzibar"))));
    }

}

public sealed class SqliteRequestApiTests(SqliteFactory factory) : RequestApiTests<SqliteFactory>(factory);

public sealed class PostgresRequestApiTests(PostgresFactory factory) : RequestApiTests<PostgresFactory>(factory);
