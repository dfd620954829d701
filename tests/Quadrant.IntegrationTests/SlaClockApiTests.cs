using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.IntegrationTests.Infrastructure;
using Quadrant.Modules.Catalogue.Sla;
using Quadrant.Modules.Common.Notifications;

namespace Quadrant.IntegrationTests;

public abstract class SlaClockApiTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private DateTime Now => Factory.Time.GetUtcNow().UtcDateTime;

    private Task<HttpResponseMessage> StartAsync(Guid service, Guid customer, int priority = 1, Guid? record = null, DateTime? at = null, Guid? responsible = null) =>
        Admin.PostAsJsonAsync("/api/v1/sla-clocks", new
        {
            recordType = "Incident", recordId = record ?? Guid.NewGuid(), reference = "INC-1", serviceId = service, customerId = customer, priority,
            at, responsibleUserId = responsible,
        });

    private Task<HttpResponseMessage> EventAsync(Guid record, object body) =>
        Admin.PostAsJsonAsync($"/api/v1/sla-clocks/records/Incident/{record}/events", body);

    private async Task<int> RunCrossingsAsync() => await Factory.Services.GetRequiredService<ClockCrossingJob>().RunNowAsync(CancellationToken.None);

    private Task<List<(Guid User, string Kind, string Title)>> NotificationsAsync() =>
        WithDbAsync(async db => (await db.Set<Notification>().ToListAsync()).Select(n => (n.UserId, n.Kind, n.Title)).ToList());

    private static JsonElement Metric(JsonElement clocks, string metric) =>
        clocks.EnumerateArray().Single(c => c.GetProperty("metric").GetString() == metric);

    [Fact]
    public async Task A_record_gets_the_clocks_of_its_SLA_and_no_clock_without_one()
    {
        var (agreement, _, service, customer) = await ApprovedSlaAsync();
        var started = await StartAsync(service, customer);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var clocks = await BodyAsync(started);
        Assert.Equal(2, clocks.GetArrayLength());
        Assert.Equal(30, Metric(clocks, "firstResponse").GetProperty("targetMinutes").GetInt32());
        Assert.Equal(agreement, Metric(clocks, "resolution").GetProperty("agreementId").GetGuid());
        // 24x7: due exactly target minutes after the start.
        var due = Metric(clocks, "resolution").GetProperty("dueAt").GetDateTime();
        Assert.Equal(Now.AddMinutes(120), due, TimeSpan.FromSeconds(1));

        // Priority 3 has only a resolution target.
        Assert.Equal(1, (await BodyAsync(await StartAsync(service, customer, priority: 3))).GetArrayLength());
        // Another customer has no SLA: nothing to measure is a conflict naming the rule.
        var other = await CreateCustomerAsync("Sales");
        Assert.Equal("sla.no-agreement", (await AssertProblemAsync(await StartAsync(service, other), HttpStatusCode.Conflict)).GetProperty("rule").GetString());
        // A record's clocks start once.
        var record = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await StartAsync(service, customer, record: record)).StatusCode);
        Assert.Equal("sla.started-once", (await AssertProblemAsync(await StartAsync(service, customer, record: record), HttpStatusCode.Conflict)).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Pauses_over_nights_and_weekends_count_nothing_and_the_timeline_explains_it()
    {
        // Monday to Friday 09:00-17:00 UTC; the week of Monday 2 November 2026, all in the past.
        var (_, _, service, customer) = await ApprovedSlaAsync(Terms(p1FirstResponse: 60, p1Resolution: 600), hours: ["09:00-17:00"], weekends: false);
        var record = Guid.NewGuid();
        var started = await StartAsync(service, customer, record: record, at: new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await EventAsync(record, new { action = "stop", metric = "firstResponse", at = "2026-11-02T09:20:00Z" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await EventAsync(record, new { action = "pause", reason = "awaiting customer", at = "2026-11-02T11:00:00Z" })).StatusCode);
        // Resumed Friday 16:00; 2 h counted Monday, 1 h Friday; then over the weekend to Monday 10:00 is 1 h more.
        Assert.Equal(HttpStatusCode.OK, (await EventAsync(record, new { action = "resume", at = "2026-11-06T16:00:00Z" })).StatusCode);
        var stopped = await BodyAsync(await EventAsync(record, new { action = "stop", at = "2026-11-09T10:00:00Z" }));
        var resolution = Metric(stopped, "resolution");
        Assert.Equal(240, resolution.GetProperty("elapsedMinutes").GetDouble(), 3);
        Assert.False(resolution.GetProperty("breached").GetBoolean());
        Assert.Equal("Stopped", resolution.GetProperty("status").GetString());
        var firstResponse = Metric(stopped, "firstResponse");
        Assert.Equal(20, firstResponse.GetProperty("elapsedMinutes").GetDouble(), 3);

        var detail = await BodyAsync(await Admin.GetAsync($"/api/v1/sla-clocks/{resolution.GetProperty("id").GetGuid()}"));
        var segments = detail.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal([true, false, true], segments.Select(s => s.GetProperty("running").GetBoolean()));
        // The pause held back Monday 11-17, Tuesday to Thursday and Friday 9-16: 360 + 3 x 480 + 420 business minutes.
        Assert.Equal([120.0, 2220.0, 120.0], segments.Select(s => s.GetProperty("businessMinutes").GetDouble()));
        Assert.Equal("awaiting customer", segments[1].GetProperty("reason").GetString());
        var explanation = detail.GetProperty("explanation").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(explanation, l => l.StartsWith("Paused from 2026-11-02 11:00 to 2026-11-06 16:00 (awaiting customer)", StringComparison.Ordinal));
        Assert.Contains(explanation, l => l.Contains("target met", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changes_that_do_not_fit_the_history_are_refused()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var record = Guid.NewGuid();
        await StartAsync(service, customer, record: record);
        await AssertProblemAsync(await EventAsync(record, new { action = "pause" }), HttpStatusCode.BadRequest, "reason");
        await AssertProblemAsync(await EventAsync(record, new { action = "jump" }), HttpStatusCode.BadRequest, "action");
        await AssertProblemAsync(await EventAsync(record, new { action = "retarget", priority = 7 }), HttpStatusCode.BadRequest, "priority");
        await AssertProblemAsync(await EventAsync(record, new { action = "pause", reason = "later", at = Now.AddHours(2) }), HttpStatusCode.BadRequest, "at");
        Assert.Equal("sla.clock-state", (await AssertProblemAsync(await EventAsync(record, new { action = "resume" }), HttpStatusCode.Conflict)).GetProperty("rule").GetString());
        Assert.Equal("sla.clock-history",
            (await AssertProblemAsync(await EventAsync(record, new { action = "pause", reason = "before the start", at = Now.AddHours(-1) }), HttpStatusCode.Conflict)).GetProperty("rule").GetString());
        Assert.Equal("sla.no-clock", (await AssertProblemAsync(await EventAsync(Guid.NewGuid(), new { action = "stop" }), HttpStatusCode.Conflict)).GetProperty("rule").GetString());
        await AssertProblemAsync(await Admin.PostAsJsonAsync("/api/v1/sla-clocks", new { recordType = "In cident", recordId = Guid.NewGuid(), reference = "X", serviceId = service, priority = 1 }),
            HttpStatusCode.BadRequest, "recordType");
        var (agent, _) = await Factory.UserClientAsync(Admin, "Requester");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync($"/api/v1/sla-clocks/records/Incident/{record}/events", new { action = "stop" })).StatusCode);
        // Nothing of the refused changes was written: still one running pair of clocks with one event each.
        var clocks = await BodyAsync(await Admin.GetAsync($"/api/v1/sla-clocks/records/Incident/{record}"));
        Assert.All(clocks.EnumerateArray(), c => Assert.Equal("Running", c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Warnings_and_the_breach_are_recorded_once_and_notify_owner_and_responsible()
    {
        var (_, owner) = await Factory.UserClientAsync(Admin, "ServiceOwner");
        var (_, agent) = await Factory.UserClientAsync(Admin, "Agent");
        var (_, _, service, customer) = await ApprovedSlaAsync(owner: owner);
        var record = Guid.NewGuid();
        await StartAsync(service, customer, record: record, responsible: agent);

        Factory.Time.Advance(TimeSpan.FromMinutes(16)); // 50 % of the 30-minute first response
        await RunCrossingsAsync();
        await RunCrossingsAsync();
        var notes = await NotificationsAsync();
        Assert.Equal(2, notes.Count);
        Assert.Equal(new[] { agent, owner }.Order(), notes.Select(n => n.User).Order());
        Assert.All(notes, n => Assert.Equal("sla.warning", n.Kind));
        Assert.All(notes, n => Assert.Contains("first response at 50 %", n.Title, StringComparison.Ordinal));

        Factory.Time.Advance(TimeSpan.FromMinutes(15)); // 31 min: 90 % passed and breached, resolution at 25 %
        await RunCrossingsAsync();
        notes = await NotificationsAsync();
        Assert.Equal(6, notes.Count);
        Assert.Equal(2, notes.Count(n => n.Kind == "sla.breach"));
        var breached = await BodyAsync(await Admin.GetAsync("/api/v1/sla-clocks?breached=true"));
        Assert.Equal("firstResponse", breached.GetProperty("items")[0].GetProperty("metric").GetString());
        var crossings = await WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT \"Percent\" AS \"Value\" FROM sla_clock_crossings").ToListAsync());
        Assert.Equal([50, 90, 100], crossings.Order());

        // The agent sees their notifications through the API and marks them read.
        var agentClient = (await Factory.UserClientAsync(Admin, "Agent", "second-agent@test.quadrant.local")).Client;
        Assert.Equal(0, (await BodyAsync(await agentClient.GetAsync("/api/v1/notifications/unread-count"))).GetProperty("unread").GetInt32());
        await AssertProblemAsync(await agentClient.GetAsync("/api/v1/notifications?unread=maybe"), HttpStatusCode.BadRequest, "unread");
    }

    [Fact]
    public async Task Two_nodes_racing_record_each_crossing_once()
    {
        var (_, owner) = await Factory.UserClientAsync(Admin, "ServiceOwner");
        var (_, _, service, customer) = await ApprovedSlaAsync(owner: owner);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await StartAsync(service, customer)).StatusCode);
        }

        Factory.Time.Advance(TimeSpan.FromMinutes(31));
        // Two independent runs (own scopes and connections) over the same due clocks, as two nodes would.
        var job = Factory.Services.GetRequiredService<ClockCrossingJob>();
        await Task.WhenAll(Task.Run(() => job.RunNowAsync(CancellationToken.None)), Task.Run(() => job.RunNowAsync(CancellationToken.None)));
        var crossings = await WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sla_clock_crossings").SingleAsync());
        // Per record: first response 50/90/100 and resolution 50 (at 31 of 120 minutes only 25 %)... resolution crosses nothing yet.
        Assert.Equal(20 * 3, crossings);
        Assert.Equal(20 * 3, (await NotificationsAsync()).Count);
    }

    [Fact]
    public async Task A_calendar_edit_recomputes_open_clocks_in_the_background_with_progress()
    {
        var (_, calendar, service, customer) = await ApprovedSlaAsync();
        var record = Guid.NewGuid();
        await StartAsync(service, customer, record: record);
        var before = Metric(await BodyAsync(await Admin.GetAsync($"/api/v1/sla-clocks/records/Incident/{record}")), "resolution").GetProperty("dueAt").GetDateTime();

        // Make every day a day off except one hour on Sundays: the due instant moves far out.
        var current = await Admin.GetAsync($"/api/v1/calendars/{calendar}");
        var edit = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/calendars/{calendar}", current.Headers.ETag!.Tag, new
        {
            name = "Always", timeZone = "UTC", week = new Dictionary<string, string[]> { ["sunday"] = ["10:00-11:00"] },
        });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var runs = await BodyAsync(await Admin.GetAsync("/api/v1/sla-clocks/recomputations"));
        Assert.Equal("queued", runs[0].GetProperty("status").GetString());

        await Factory.Services.GetRequiredService<ClockRecomputeJob>().RunNowAsync(CancellationToken.None);
        var run = await BodyAsync(await Admin.GetAsync($"/api/v1/sla-clocks/recomputations/{runs[0].GetProperty("id").GetGuid()}"));
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("processed").GetInt32());
        Assert.Equal(2, run.GetProperty("changed").GetInt32());
        Assert.Equal(100.0, run.GetProperty("percentDone").GetDouble());
        var listed = await BodyAsync(await Admin.GetAsync($"/api/v1/sla-clocks?recordType=Incident&metric=resolution"));
        var after = listed.GetProperty("items")[0].GetProperty("dueAt").GetDateTime();
        Assert.True(after > before.AddDays(6), $"due {before:o} -> {after:o}");
        Assert.Equal(DayOfWeek.Sunday, after.DayOfWeek);

        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/sla-clocks/recomputations")).StatusCode);
    }

    [Fact]
    public async Task A_new_agreement_revision_retargets_open_clocks_and_says_so_in_their_history()
    {
        var (agreement, calendar, service, customer) = await ApprovedSlaAsync();
        var record = Guid.NewGuid();
        await StartAsync(service, customer, record: record);
        var stoppedRecord = Guid.NewGuid();
        await StartAsync(service, customer, record: stoppedRecord);
        await EventAsync(stoppedRecord, new { action = "stop" });

        var current = await Admin.GetAsync($"/api/v1/agreements/{agreement}");
        var edit = await SendWithEtagAsync(HttpMethod.Put, $"/api/v1/agreements/{agreement}", current.Headers.ETag!.Tag, new
        {
            name = "Mail SLA for Finance", kind = "sla", calendarId = calendar, validFrom = "2026-01-01", serviceIds = new[] { service },
            customerIds = new[] { customer }, terms = Terms(p1Resolution: 240),
        });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        // Not approved yet: the clock keeps its target.
        Assert.Equal(0, await WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sla_clock_recomputations").SingleAsync()));
        await ApproveAsync(agreement, "Longer P1 resolution");
        await Factory.Services.GetRequiredService<ClockRecomputeJob>().RunNowAsync(CancellationToken.None);

        var clocks = await BodyAsync(await Admin.GetAsync($"/api/v1/sla-clocks/records/Incident/{record}"));
        var resolution = Metric(clocks, "resolution");
        Assert.Equal(240, resolution.GetProperty("targetMinutes").GetInt32());
        Assert.Equal(2, resolution.GetProperty("agreementRevision").GetInt32());
        var detail = await BodyAsync(await Admin.GetAsync($"/api/v1/sla-clocks/{resolution.GetProperty("id").GetGuid()}"));
        Assert.Contains(detail.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "targetChanged" && e.GetProperty("reason").GetString() == "agreement revision 2");
        // The stopped clock is history: its target stays.
        var stopped = Metric(await BodyAsync(await Admin.GetAsync($"/api/v1/sla-clocks/records/Incident/{stoppedRecord}")), "resolution");
        Assert.Equal(120, stopped.GetProperty("targetMinutes").GetInt32());
    }

    [Fact]
    public async Task The_recomputation_writer_updates_by_version_and_leaves_clocks_changed_meanwhile()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var record = Guid.NewGuid();
        await StartAsync(service, customer, record: record);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Quadrant.Modules.Common.Persistence.QuadrantDbContext>();
        var clock = await db.Set<Quadrant.Modules.Catalogue.Domain.Clocks.ClockRecord>().AsNoTracking()
            .FirstAsync(c => c.RecordId == record && c.Metric == Quadrant.Modules.Catalogue.Contracts.ClockMetric.Resolution);
        var events = await SlaClockService.LoadEventsAsync(db, [clock.Id], CancellationToken.None);
        var schedule = await scope.ServiceProvider.GetRequiredService<ScheduleCache>().GetAsync(db, clock.CalendarId, CancellationToken.None);
        Factory.Time.Advance(TimeSpan.FromMinutes(10));
        clock.Refresh(schedule, events[clock.Id], new HashSet<int>(), Now);

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            Assert.Equal([clock.Id], await ClockWriter.UpdateDerivedAsync(db, [(clock, clock.Version + 5)], CancellationToken.None));
            Assert.Empty(await ClockWriter.UpdateDerivedAsync(db, [(clock, clock.Version)], CancellationToken.None));
            await transaction.CommitAsync();
        }

        var stored = await db.Set<Quadrant.Modules.Catalogue.Domain.Clocks.ClockRecord>().AsNoTracking().FirstAsync(c => c.Id == clock.Id);
        Assert.Equal(clock.Version + 1, stored.Version);
        Assert.Equal(600, stored.ElapsedSeconds);
        Assert.Equal(clock.DueAt, stored.DueAt);
        Assert.Equal(clock.NextCrossingAt, stored.NextCrossingAt);
    }

    [Fact]
    public async Task A_priority_change_retargets_and_a_record_with_the_same_clock_reads_the_same()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync();
        var record = Guid.NewGuid();
        await StartAsync(service, customer, priority: 3, record: record);
        var clocks = await BodyAsync(await EventAsync(record, new { action = "retarget", priority = 1 }));
        var resolution = Metric(clocks, "resolution");
        Assert.Equal(120, resolution.GetProperty("targetMinutes").GetInt32());
        Assert.Equal(1, resolution.GetProperty("priority").GetInt32());
    }
}

public sealed class SqliteSlaClockApiTests(SqliteFactory factory) : SlaClockApiTests<SqliteFactory>(factory);

public sealed class PostgresSlaClockApiTests(PostgresFactory factory) : SlaClockApiTests<PostgresFactory>(factory);
