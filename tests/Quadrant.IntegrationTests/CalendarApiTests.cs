using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using Quadrant.IntegrationTests.Infrastructure;
using Quadrant.Modules.Catalogue.Domain.Calendars;

namespace Quadrant.IntegrationTests;

public abstract class CalendarApiTests<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private static object Berlin(string name = "Berlin office") => new
    {
        name,
        timeZone = "Europe/Berlin",
        week = new Dictionary<string, string[]>
        {
            ["monday"] = ["09:00-12:00", "13:00-17:00"], ["tuesday"] = ["09:00-12:00", "13:00-17:00"],
            ["wednesday"] = ["09:00-12:00", "13:00-17:00"], ["thursday"] = ["09:00-12:00", "13:00-17:00"],
            ["friday"] = ["09:00-12:00", "13:00-17:00"], ["saturday"] = [], ["sunday"] = [],
        },
        holidays = new object[] { new { name = "Whit Monday", date = "2026-05-25" }, new { name = "Christmas Day", yearly = "12-25" } },
        exceptions = new object[] { new { date = "2026-12-24", hours = new[] { "09:00-12:00" }, reason = "Christmas Eve" } },
    };

    private async Task<JsonElement> CreateAsync(object body)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/calendars", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    [Fact]
    public async Task A_calendar_is_created_read_listed_and_updated_with_history()
    {
        var created = await CreateAsync(Berlin());
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(["09:00-12:00", "13:00-17:00"], created.GetProperty("week").GetProperty("monday").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("12-25", created.GetProperty("holidays")[1].GetProperty("yearly").GetString());

        var list = await BodyAsync(await Admin.GetAsync("/api/v1/calendars?search=berlin"));
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetGuid());

        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/calendars/{id}") { Content = JsonContent.Create(Berlin("Berlin service desk")) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var updated = await Admin.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/calendars/{id}") { Content = JsonContent.Create(Berlin("Stale")) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await AssertProblemAsync(await Admin.SendAsync(stale), HttpStatusCode.Conflict, "If-Match");

        var history = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=BusinessCalendar&recordId={id}"));
        Assert.Equal(["created", "updated"], history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task The_calculator_adds_and_measures_business_minutes()
    {
        var id = (await CreateAsync(Berlin())).GetProperty("id").GetGuid();

        // Friday 12 June 2026 16:00 CEST + 120 min: 16:00–17:00, then Monday 09:00–10:00 → Monday 10:00 CEST.
        var add = await BodyAsync(await Admin.GetAsync($"/api/v1/calendars/{id}/add?start=2026-06-12T14:00:00Z&minutes=120"));
        Assert.Equal("2026-06-15T08:00:00Z", add.GetProperty("due").GetString());
        Assert.Equal("2026-06-15T10:00:00+02:00", add.GetProperty("dueLocal").GetString());

        // The lunch break and the holiday do not count: Friday 22 May 11:30 CEST + 60 → 11:30–12:00, 13:00–13:30.
        var lunch = await BodyAsync(await Admin.GetAsync($"/api/v1/calendars/{id}/add?start=2026-05-22T11:30:00%2B02:00&minutes=60"));
        Assert.Equal("2026-05-22T13:30:00+02:00", lunch.GetProperty("dueLocal").GetString());
        // Friday 17:00 + 1 minute skips the weekend and Whit Monday: Tuesday 26 May 09:01.
        var holiday = await BodyAsync(await Admin.GetAsync($"/api/v1/calendars/{id}/add?start=2026-05-22T15:00:00Z&minutes=1"));
        Assert.Equal("2026-05-26T09:01:00+02:00", holiday.GetProperty("dueLocal").GetString());

        // One working week, 29 June – 3 July 2026: 5 × 7 h = 2100 minutes.
        var week = await BodyAsync(await Admin.GetAsync($"/api/v1/calendars/{id}/elapsed?from=2026-06-29T00:00:00%2B02:00&to=2026-07-04T00:00:00%2B02:00"));
        Assert.Equal(2100, week.GetProperty("minutes").GetDouble());
        // Christmas week 2026: Mon 21–Wed 23 full (3 × 420), Thu 24 short (180), Fri 25 holiday → 1440.
        var christmas = await BodyAsync(await Admin.GetAsync($"/api/v1/calendars/{id}/elapsed?from=2026-12-21T00:00:00%2B01:00&to=2026-12-26T00:00:00%2B01:00"));
        Assert.Equal(1440, christmas.GetProperty("minutes").GetDouble());
    }

    [Fact]
    public async Task Stored_calendars_calculate_like_the_domain_on_random_rules()
    {
        var zones = new[] { "Australia/Lord_Howe", "America/St_Johns", "Europe/London", "Asia/Kathmandu", "America/Santiago" };
        for (var seed = 1; seed <= 8; seed++)
        {
            var random = new Random(seed);
            var zone = zones[random.Next(zones.Length)];
            var week = new Dictionary<string, string[]>();
            foreach (var day in new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" })
            {
                var a = random.Next(0, 48) * 15;
                var b = a + (random.Next(1, 40) * 15);
                week[day] = random.Next(4) == 0 ? [] : [$"{a / 60:00}:{a % 60:00}-{Math.Min(b, 1440) / 60:00}:{Math.Min(b, 1440) % 60:00}"];
            }

            week["monday"] = ["00:00-24:00"];
            var body = new { name = $"Random {seed}", timeZone = zone, week, holidays = Array.Empty<object>(), exceptions = Array.Empty<object>() };
            var id = (await CreateAsync(body)).GetProperty("id").GetGuid();
            var schedule = new CalendarRules(zone, week.ToDictionary(w => w.Key, w => (IReadOnlyList<string>)w.Value), [], []).ToSchedule();

            var start = Instant.FromUtc(2026, 1, 1, 0, 0) + Duration.FromMinutes(random.Next(0, 365 * 1440));
            var minutes = random.Next(1, 5000);
            var expected = BusinessTime.Add(schedule, start, Duration.FromMinutes(minutes));
            var startText = Uri.EscapeDataString(start.ToString());
            var add = await BodyAsync(await Admin.GetAsync($"/api/v1/calendars/{id}/add?start={startText}&minutes={minutes}"));
            Assert.Equal(expected.ToDateTimeOffset(), add.GetProperty("due").GetDateTimeOffset());

            var end = start + Duration.FromMinutes(random.Next(0, 20_000));
            var elapsed = await BodyAsync(await Admin.GetAsync($"/api/v1/calendars/{id}/elapsed?from={startText}&to={Uri.EscapeDataString(end.ToString())}"));
            Assert.Equal(BusinessTime.Elapsed(schedule, start, end).TotalMinutes, elapsed.GetProperty("minutes").GetDouble());
        }
    }

    public static TheoryData<string, string> BadCalendars => new()
    {
        { """{"name":"X","timeZone":"Mars/Olympus","week":{"monday":["09:00-17:00"]}}""", "timeZone" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"monday":["09:00-12:00","11:00-13:00"]}}""", "week.monday[1]" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"monday":["17:00-09:00"]}}""", "week.monday[0]" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"monday":["9-17"]}}""", "week.monday[0]" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"funday":["09:00-17:00"],"monday":["09:00-17:00"]}}""", "week.funday" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"monday":[]}}""", "week" },
        { """{"name":"X","timeZone":"Europe/Berlin"}""", "week" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"monday":null}}""", "week.monday" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"monday":["09:00-17:00"]},"holidays":[{"name":"H","date":"2026-13-01"}]}""", "holidays[0].date" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"monday":["09:00-17:00"]},"holidays":[{"name":"H","yearly":"02-30"}]}""", "holidays[0].yearly" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"monday":["09:00-17:00"]},"holidays":[{"name":"H","date":"2026-01-01","yearly":"01-01"}]}""", "holidays[0]" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"monday":["09:00-17:00"]},"exceptions":[{"date":"2026-01-02","hours":["10:00-09:00"]}]}""", "exceptions[0].hours[0]" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"monday":["09:00-17:00"]},"exceptions":[{"date":"2026-01-02","hours":[]},{"date":"2026-01-02","hours":[]}]}""", "exceptions[1].date" },
        { """{"timeZone":"Europe/Berlin","week":{"monday":["09:00-17:00"]}}""", "name" },
        { """{"name":"X","timeZone":"Europe/Berlin","week":{"monday":["09:00-17:00"]},"colour":1}""", "colour" },
    };

    [Theory]
    [MemberData(nameof(BadCalendars))]
    public async Task Bad_calendars_are_400_naming_the_field_and_write_nothing(string json, string field)
    {
        var before = await AuditCountAsync();
        await AssertProblemAsync(await Admin.PostAsync("/api/v1/calendars", RawJson(json)), HttpStatusCode.BadRequest, field);
        Assert.Equal(0, (await BodyAsync(await Admin.GetAsync("/api/v1/calendars"))).GetProperty("items").GetArrayLength());
        Assert.Equal(before, await AuditCountAsync());
    }

    [Theory]
    [InlineData("add?minutes=10", "start")]
    [InlineData("add?start=2026-01-01T00:00:00&minutes=10", "start")]
    [InlineData("add?start=yesterday&minutes=10", "start")]
    [InlineData("add?start=2026-01-01T00:00:00Z&minutes=0", "minutes")]
    [InlineData("add?start=2026-01-01T00:00:00Z&minutes=-5", "minutes")]
    [InlineData("add?start=2026-01-01T00:00:00Z&minutes=ten", "minutes")]
    [InlineData("add?start=2026-01-01T00:00:00Z&minutes=99999999999", "minutes")]
    [InlineData("elapsed?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("elapsed?from=2026-01-02T00:00:00Z", "to")]
    [InlineData("add?start=9995-01-01T00:00:00Z&minutes=10", "start")]
    [InlineData("elapsed?from=2026-01-01T00:00:00Z&to=9999-12-31T23:00:00Z", "to")]
    public async Task Bad_calculator_input_is_400_naming_the_parameter(string query, string field)
    {
        var id = (await CreateAsync(Berlin())).GetProperty("id").GetGuid();
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/calendars/{id}/{query}"), HttpStatusCode.BadRequest, field);
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/calendars/{Guid.NewGuid()}/add?start=2026-01-01T00:00:00Z&minutes=1"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_catalogue_writers_manage_calendars_but_everyone_may_calculate()
    {
        var id = (await CreateAsync(Berlin())).GetProperty("id").GetGuid();
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        await AssertProblemAsync(await agent.PostAsJsonAsync("/api/v1/calendars", Berlin("Other")), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/calendars/{id}/add?start=2026-06-12T14:00:00Z&minutes=5")).StatusCode);
    }
}

public sealed class SqliteCalendarApiTests(SqliteFactory factory) : CalendarApiTests<SqliteFactory>(factory);

public sealed class PostgresCalendarApiTests(PostgresFactory factory) : CalendarApiTests<PostgresFactory>(factory);

public abstract class HolidayImportTests<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private const string Ics =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Quadrant//Tests//EN\r\n" +
        "BEGIN:VEVENT\r\nUID:1@t\r\nDTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Christmas Day\r\nEND:VEVENT\r\n" +
        "BEGIN:VEVENT\r\nUID:2@t\r\nDTSTART;VALUE=DATE:20260525\r\nSUMMARY:Whit Monday\r\nEND:VEVENT\r\n" +
        "END:VCALENDAR\r\n";

    private async Task<Guid> CalendarAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/calendars", new
        {
            name = "Imported", timeZone = "Europe/Berlin",
            week = new Dictionary<string, string[]> { ["monday"] = ["09:00-17:00"] },
            holidays = new object[] { new { name = "Whit Monday", date = "2026-05-25" } },
        });
        return (await BodyAsync(response)).GetProperty("id").GetGuid();
    }

    private Task<HttpResponseMessage> ImportAsync(Guid id, string ics, string etag, string? mode = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/calendars/{id}/holidays/import{(mode is null ? "" : "?mode=" + mode)}")
        {
            Content = new StringContent(ics, System.Text.Encoding.UTF8, "text/calendar"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return Admin.SendAsync(request);
    }

    [Fact]
    public async Task An_ics_file_adds_holidays_without_duplicates_and_is_audited()
    {
        var id = await CalendarAsync();
        var response = await ImportAsync(id, Ics, "\"1\"");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal(1, body.GetProperty("added").GetInt32());
        Assert.Equal(1, body.GetProperty("alreadyPresent").GetInt32());
        Assert.Equal(2, body.GetProperty("calendar").GetProperty("holidays").GetArrayLength());
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);

        // Christmas is now a holiday every year: 25 December 2028 is a Monday, the calendar's only working day.
        var elapsed = await BodyAsync(await Admin.GetAsync($"/api/v1/calendars/{id}/elapsed?from=2028-12-25T00:00:00%2B01:00&to=2028-12-26T00:00:00%2B01:00"));
        Assert.Equal(0, elapsed.GetProperty("minutes").GetDouble());

        var replaced = await BodyAsync(await ImportAsync(id, Ics, "\"2\"", "replace"));
        Assert.Equal(2, replaced.GetProperty("calendar").GetProperty("holidays").GetArrayLength());
        var history = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=BusinessCalendar&recordId={id}"));
        Assert.Equal(3, history.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_bad_file_changes_nothing()
    {
        var id = await CalendarAsync();
        var before = await AuditCountAsync();
        await AssertProblemAsync(await ImportAsync(id, "not a calendar", "\"1\""), HttpStatusCode.BadRequest, "body");
        var timed = Ics.Replace("DTSTART;VALUE=DATE:20260525", "DTSTART:20260525T090000Z", StringComparison.Ordinal);
        await AssertProblemAsync(await ImportAsync(id, timed, "\"1\""), HttpStatusCode.BadRequest, "events[1]");
        await AssertProblemAsync(await ImportAsync(id, Ics, "\"1\"", "sideways"), HttpStatusCode.BadRequest, "mode");
        await AssertProblemAsync(await ImportAsync(id, Ics, "\"7\""), HttpStatusCode.Conflict, "If-Match");
        Assert.Equal(before, await AuditCountAsync());
        var calendar = await BodyAsync(await Admin.GetAsync($"/api/v1/calendars/{id}"));
        Assert.Equal(1, calendar.GetProperty("holidays").GetArrayLength());
    }
}

public sealed class SqliteHolidayImportTests(SqliteFactory factory) : HolidayImportTests<SqliteFactory>(factory);

public sealed class PostgresHolidayImportTests(PostgresFactory factory) : HolidayImportTests<PostgresFactory>(factory);
