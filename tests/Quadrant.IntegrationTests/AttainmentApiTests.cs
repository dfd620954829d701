using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

public abstract class AttainmentApiTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private const string Period = "from=2026-10-01&to=2026-12-01";

    /// <summary>
    /// Three P1 records on a 24x7 calendar (first response 30 min, resolution 120 min):
    /// A met both in October; B met its first response and breached its resolution in October;
    /// C is still open and breached both in November.
    /// </summary>
    private async Task<Guid> SeedAsync()
    {
        var (agreement, _, service, customer) = await ApprovedSlaAsync();
        async Task Record(string reference, string start, params object[] events)
        {
            var id = Guid.NewGuid();
            var started = await Admin.PostAsJsonAsync("/api/v1/sla-clocks", new
            {
                recordType = "Incident", recordId = id, reference, serviceId = service, customerId = customer, priority = 1, at = start,
            });
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
            foreach (var e in events)
            {
                var response = await Admin.PostAsJsonAsync($"/api/v1/sla-clocks/records/Incident/{id}/events", e);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
        }

        await Record("INC-A", "2026-10-05T10:00:00Z", new { action = "stop", metric = "firstResponse", at = "2026-10-05T10:10:00Z" },
            new { action = "stop", at = "2026-10-05T11:00:00Z" });
        await Record("INC-B", "2026-10-06T10:00:00Z", new { action = "stop", metric = "firstResponse", at = "2026-10-06T10:20:00Z" },
            new { action = "stop", at = "2026-10-06T13:00:00Z" });
        await Record("INC-C", "2026-11-02T10:00:00Z");
        return agreement;
    }

    private static JsonElement Row(JsonElement report, string name) =>
        report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Attainment_counts_each_clock_once_when_its_outcome_is_certain()
    {
        var agreement = await SeedAsync();
        var byMetric = await BodyAsync(await Admin.GetAsync($"/api/v1/sla/attainment?{Period}&groupBy=metric"));
        var firstResponse = Row(byMetric, "First response");
        Assert.Equal((3, 2, 1), (firstResponse.GetProperty("measured").GetInt32(), firstResponse.GetProperty("met").GetInt32(), firstResponse.GetProperty("breached").GetInt32()));
        Assert.Equal(66.67, firstResponse.GetProperty("attainmentPercent").GetDouble());
        Assert.Equal(33.33, Row(byMetric, "Resolution").GetProperty("attainmentPercent").GetDouble());
        Assert.Equal(50.0, byMetric.GetProperty("total").GetProperty("attainmentPercent").GetDouble());

        var byAgreement = await BodyAsync(await Admin.GetAsync($"/api/v1/sla/attainment?{Period}&groupBy=agreement"));
        Assert.Equal(agreement.ToString(), Row(byAgreement, "Mail SLA for Finance").GetProperty("key").GetString());

        // October only: C breached in November and is not counted.
        var october = await BodyAsync(await Admin.GetAsync("/api/v1/sla/attainment?from=2026-10-01&to=2026-11-01&groupBy=priority"));
        Assert.Equal(4, Row(october, "P1").GetProperty("measured").GetInt32());

        var trend = await BodyAsync(await Admin.GetAsync($"/api/v1/sla/attainment/trend?{Period}&interval=month"));
        var points = trend.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(["2026-10-01", "2026-11-01"], points.Select(p => p.GetProperty("periodStart").GetString()));
        Assert.Equal([75.0, 0.0], points.Select(p => p.GetProperty("attainmentPercent").GetDouble()));

        var breached = await BodyAsync(await Admin.GetAsync($"/api/v1/sla/attainment/records?{Period}&breached=true"));
        Assert.Equal(["INC-B", "INC-C", "INC-C"], breached.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("reference").GetString()).Order());
    }

    [Fact]
    public async Task The_report_exports_as_csv_and_xlsx()
    {
        await SeedAsync();
        var csv = await Admin.GetAsync($"/api/v1/sla/attainment.csv?{Period}&groupBy=metric");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("group,key,name,measured,met,breached,attainment_percent", lines[0]);
        Assert.Contains("metric,Resolution,Resolution,3,1,2,33.33", lines);
        Assert.Equal("metric,total,Total,6,3,3,50", lines[^1]);

        var xlsx = await Admin.GetAsync($"/api/v1/sla/attainment.xlsx?{Period}&groupBy=metric");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text).ToList()).ToList();
        Assert.Contains(rows, r => r.SequenceEqual(["Total", "6", "3", "3", "50"]));
    }

    [Fact]
    public async Task Requesters_see_neither_clocks_nor_attainment_across_records()
    {
        await SeedAsync();
        var (requester, _) = await Factory.UserClientAsync(Admin, "Requester");
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync($"/api/v1/sla/attainment?{Period}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync($"/api/v1/sla/attainment/records?{Period}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/v1/sla-clocks")).StatusCode);
        var (auditor, _) = await Factory.UserClientAsync(Admin, "Auditor");
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/v1/sla/attainment?{Period}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/v1/sla-clocks")).StatusCode);
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("from=2026-11-01&to=2026-10-01", "to")]
    [InlineData("groupBy=team", "groupBy")]
    [InlineData("groupBy=1", "groupBy")]
    [InlineData("interval=year", "interval")]
    [InlineData("priority=9", "priority")]
    [InlineData("metric=speed", "metric")]
    [InlineData("agreementId=x", "agreementId")]
    public async Task Bad_report_queries_are_400_naming_the_parameter(string query, string field)
    {
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/sla/attainment?{query}"), HttpStatusCode.BadRequest, field);
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/sla/attainment.csv?{query}"), HttpStatusCode.BadRequest, field);
    }
}

public sealed class SqliteAttainmentApiTests(SqliteFactory factory) : AttainmentApiTests<SqliteFactory>(factory);

public sealed class PostgresAttainmentApiTests(PostgresFactory factory) : AttainmentApiTests<PostgresFactory>(factory);
