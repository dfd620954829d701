using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.IntegrationTests.Infrastructure;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Imports;

namespace Quadrant.IntegrationTests;

/// <summary>Bulk import of historical incidents: formats, dry run, batches, idempotency, limits, roles, garbage.</summary>
public abstract class ImportApiTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    protected static readonly DateTime Base = new(2026, 10, 5, 8, 0, 0, DateTimeKind.Utc);

    protected static string At(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    protected async Task<HttpResponseMessage> UploadAsync(string content, string fileName, Dictionary<string, string>? fields = null, string? history = null,
        HttpClient? client = null, byte[]? raw = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(raw ?? Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/x-ndjson");
        form.Add(file, "file", fileName);
        if (history is not null)
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(history)), "historyFile", "history.csv");
        }

        foreach (var (k, v) in fields ?? new Dictionary<string, string> { ["source"] = "servicenow" })
        {
            form.Add(new StringContent(v), k);
        }

        if (fields is not null && !fields.ContainsKey("source"))
        {
            form.Add(new StringContent("servicenow"), "source");
        }

        return await (client ?? Admin).PostAsync("/api/v1/imports", form);
    }

    /// <summary>Uploads, runs the import job as a node would, and returns the finished import.</summary>
    protected async Task<JsonElement> ImportAsync(string content, string fileName, Dictionary<string, string>? fields = null, string? history = null, byte[]? raw = null)
    {
        var response = await UploadAsync(content, fileName, fields, history, raw: raw);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var id = (await BodyAsync(response)).GetProperty("id").GetGuid();
        await Factory.Services.GetRequiredService<ImportWorker>().RunNowAsync(CancellationToken.None);
        return await BodyAsync(await Admin.GetAsync($"/api/v1/imports/{id}"));
    }

    protected async Task<List<JsonElement>> RejectionsAsync(JsonElement import)
    {
        var page = await BodyAsync(await Admin.GetAsync($"/api/v1/imports/{import.GetProperty("id").GetGuid()}/rejections?limit=200"));
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    protected static string Line(object value) => JsonSerializer.Serialize(value, QuadrantFactory.Json);

    private async Task<(Guid Service, Guid Customer)> CatalogueAsync()
    {
        var (_, _, service, customer) = await ApprovedSlaAsync(new
        {
            priorityTargets = new object[]
            {
                new { priority = 1, firstResponseMinutes = 30, resolutionMinutes = 240 },
                new { priority = 2, firstResponseMinutes = 60, resolutionMinutes = 480 },
                new { priority = 3, firstResponseMinutes = 120, resolutionMinutes = 960 },
                new { priority = 4, firstResponseMinutes = 240, resolutionMinutes = 1920 },
            },
            warningThresholds = new[] { 75 },
        });
        var group = await Admin.PostAsJsonAsync("/api/v1/assignment-groups", new { name = "Service Desk", description = "First line" });
        Assert.Equal(HttpStatusCode.Created, group.StatusCode);
        return (service, customer);
    }

    private static object Good(string id, DateTime created, params object[] history) => new
    {
        externalId = id, title = $"Mail down {id}", description = "Nobody gets mail", service = "Mail", customer = "Finance",
        requester = QuadrantFactory.AdminEmail, category = "email", impact = "high", urgency = "medium", group = "Service Desk", createdAt = At(created), history,
    };

    [Fact]
    public async Task A_dry_run_reports_every_bad_row_with_line_field_and_reason_and_writes_nothing()
    {
        await CatalogueAsync();
        var lines = new[]
        {
            Line(Good("OK1", Base, new { at = At(Base.AddHours(1)), status = "inProgress" })),
            Line(Good("BAD-SERVICE", Base)).Replace("\"service\":\"Mail\"", "\"service\":\"Telepathy\"", StringComparison.Ordinal),
            Line(Good("BAD-TIME", Base)).Replace(At(Base), "yesterday-ish", StringComparison.Ordinal),
            Line(Good("ORDER", Base, new { at = At(Base.AddHours(2)), status = "inProgress" }, new { at = At(Base.AddHours(1)), status = "pending", pendingReason = "awaitingCustomer" })),
            Line(Good("LIFECYCLE", Base, new { at = At(Base.AddHours(1)), status = "closed" })),
            Line(Good("FUTURE", Base, new { at = "2099-01-01T00:00:00Z", status = "inProgress" })),
            Line(Good("PENDING", Base, new { at = At(Base.AddHours(1)), status = "pending" })),
            Line(Good("RESOLVED", Base, new { at = At(Base.AddHours(1)), status = "resolved" })),
            "{ this is not json",
            "",
            Line(Good("OK1", Base)),
            Line(Good("REQUESTER", Base)).Replace(QuadrantFactory.AdminEmail, "ghost@nowhere.example", StringComparison.Ordinal),
        };
        var import = await ImportAsync(string.Join('\n', lines), "incidents.jsonl", new() { ["dryRun"] = "true" });

        Assert.Equal("partiallySucceeded", import.GetProperty("status").GetString());
        Assert.Equal(11, import.GetProperty("totalRows").GetInt32());
        Assert.Equal(10, import.GetProperty("rejectedRows").GetInt32());
        Assert.Equal(1, import.GetProperty("validRows").GetInt32());
        var rejections = await RejectionsAsync(import);
        void Has(int line, string field, string text) =>
            Assert.True(rejections.Any(r => r.GetProperty("line").GetInt32() == line && r.GetProperty("field").GetString() == field
                && r.GetProperty("reason").GetString()!.Contains(text, StringComparison.OrdinalIgnoreCase)),
                $"no rejection line {line} {field} '{text}' in {string.Join("\n", rejections)}");
        Has(2, "service", "Telepathy");
        Has(3, "createdAt", "not a timestamp");
        Has(4, "history[1].at", "out of order");
        Has(5, "history[0].status", "cannot become closed");
        Has(6, "history[0].at", "future");
        Has(7, "history[0].pendingReason", "reason");
        Has(8, "history[0].resolutionCode", "resolution code");
        Has(9, "line", "JSON");
        Has(11, "externalId", "twice");
        Has(12, "requester", "ghost@nowhere.example");
        Assert.Equal(0, await CountAsync<Incident>());
        Assert.Equal(0, await CountAsync<ImportedRecord>());

        var csv = await Admin.GetAsync($"/api/v1/imports/{import.GetProperty("id").GetGuid()}/rejections.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("line,externalId,field,reason", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("Telepathy", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_run_rolls_back_only_the_batch_with_a_bad_row_and_a_second_import_skips_what_exists()
    {
        await CatalogueAsync();
        var rows = Enumerable.Range(1, 6).Select(i => Line(Good($"INC{i}", Base.AddHours(i), new { at = At(Base.AddHours(i + 1)), status = "inProgress" }))).ToList();
        rows[3] = rows[3].Replace("\"service\":\"Mail\"", "\"service\":\"Nope\"", StringComparison.Ordinal);
        var import = await ImportAsync(string.Join('\n', rows), "batch.jsonl", new() { ["batchSize"] = "2" });

        Assert.Equal("partiallySucceeded", import.GetProperty("status").GetString());
        Assert.Equal(4, import.GetProperty("importedRows").GetInt32());
        Assert.Equal(1, import.GetProperty("rejectedRows").GetInt32());
        Assert.Equal(1, import.GetProperty("rolledBackRows").GetInt32());
        Assert.Equal(1, import.GetProperty("batchesFailed").GetInt32());
        Assert.Equal(4, await CountAsync<Incident>());
        var external = await WithDbAsync(db => db.Set<ImportedRecord>().OrderBy(r => r.Line).Select(r => r.ExternalId).ToListAsync());
        Assert.Equal(["INC1", "INC2", "INC5", "INC6"], external);

        // The links to what was imported, and the imported incident with its history and clocks.
        var records = await BodyAsync(await Admin.GetAsync($"/api/v1/imports/{import.GetProperty("id").GetGuid()}/records"));
        var first = records.GetProperty("items")[0];
        Assert.StartsWith("INC-", first.GetProperty("reference").GetString(), StringComparison.Ordinal);
        var incident = await BodyAsync(await Admin.GetAsync($"/api/v1/incidents/{first.GetProperty("recordId").GetGuid()}"));
        Assert.Equal("inProgress", incident.GetProperty("status").GetString());
        Assert.Equal("import", incident.GetProperty("source").GetString());
        Assert.Equal(Base.AddHours(1), incident.GetProperty("createdAt").GetDateTime());
        Assert.Equal(Base.AddHours(2), incident.GetProperty("respondedAt").GetDateTime());
        var clocks = incident.GetProperty("clocks").EnumerateArray().ToList();
        Assert.Equal(2, clocks.Count);
        Assert.Contains(clocks, c => c.GetProperty("metric").GetString() == "firstResponse" && c.GetProperty("status").GetString() == "Stopped"
            && c.GetProperty("elapsedMinutes").GetDouble() == 60 && !c.GetProperty("breached").GetBoolean());
        var events = await WithDbAsync(db => db.Set<IncidentEvent>().Where(e => e.IncidentId == first.GetProperty("recordId").GetGuid()).OrderBy(e => e.At).ToListAsync());
        var imported = Assert.Single(events, e => e.Kind == IncidentEventKind.Imported);
        Assert.Equal(Base.AddHours(1), imported.At);
        Assert.Contains("servicenow INC1", imported.Note, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Kind == IncidentEventKind.StatusChanged && e.To == "inProgress" && e.At == Base.AddHours(2));

        // Fixed file, imported again: what exists is skipped, the rest is imported.
        rows[3] = rows[3].Replace("\"service\":\"Nope\"", "\"service\":\"Mail\"", StringComparison.Ordinal);
        var again = await ImportAsync(string.Join('\n', rows), "batch.jsonl", new() { ["batchSize"] = "2" });
        Assert.Equal("succeeded", again.GetProperty("status").GetString());
        Assert.Equal(4, again.GetProperty("skippedRows").GetInt32());
        Assert.Equal(2, again.GetProperty("importedRows").GetInt32());
        Assert.Equal(6, await CountAsync<Incident>());

        // A different source system may reuse the ids.
        var other = await ImportAsync(rows[0], "one.jsonl", new() { ["source"] = "jira" });
        Assert.Equal(1, other.GetProperty("importedRows").GetInt32());
    }

    [Fact]
    public async Task Csv_with_a_history_file_bom_quoted_newlines_and_extra_columns_imports_and_creates_requesters_when_asked()
    {
        await CatalogueAsync();
        var csv = "\uFEFFExternal ID;Title;Description;Service;Customer;Requester;Impact;Urgency;Assignment group;Created at;Ignored column\r\n"
            + $"SN1;Printer;\"Line one\nline two; with \"\"quotes\"\"\";Mail;Finance;new.person@example.com;low;low;Service Desk;2026-10-05 10:00:00;x\r\n"
            + "SN2;Scanner;;Mail;;;medium;high;;2026-10-06 09:30;y;z\r\n";
        var history = "externalId,at,status,pendingReason,resolutionCode,resolutionNotes,priority,by\n"
            + "SN1,2026-10-05 11:00:00,inProgress,,,,,\n"
            + "SN1,2026-10-05 12:00:00,pending,awaitingCustomer,,,,\n"
            + "SN1,2026-10-06 09:00:00,inProgress,,,,P1,someone@gone.example\n"
            + "SN1,2026-10-06 10:00:00,resolved,,fixed,\"Replaced toner\",,\n"
            + "SN9,2026-10-06 10:00:00,resolved,,fixed,,,\n";
        var import = await ImportAsync(csv, "export.csv", new() { ["timeZone"] = "Europe/Berlin", ["unknownRequesters"] = "create" }, history);

        Assert.Equal(2, import.GetProperty("importedRows").GetInt32());
        var rejections = await RejectionsAsync(import);
        var orphan = Assert.Single(rejections);
        Assert.Equal("historyFile", orphan.GetProperty("field").GetString());
        Assert.Contains("SN9", orphan.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var incident = await WithDbAsync(db => db.Set<Incident>().SingleAsync(i => i.Title == "Printer"));
        Assert.Equal("Line one\nline two; with \"quotes\"", incident.Description);
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        Assert.Equal(1, incident.Priority);
        Assert.Equal(new DateTime(2026, 10, 5, 8, 0, 0, DateTimeKind.Utc), incident.CreatedAt); // 10:00 in Berlin (CEST)
        Assert.Equal("fixed", incident.ResolutionCode);
        var requester = await BodyAsync(await Admin.GetAsync($"/api/v1/users/{incident.RequesterId}"));
        Assert.Contains("Requester", requester.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var byNote = await WithDbAsync(db => db.Set<IncidentEvent>().Where(e => e.IncidentId == incident.Id && e.Note!.Contains("someone@gone.example")).CountAsync());
        Assert.True(byNote > 0);
    }

    [Fact]
    public async Task Garbage_files_are_reported_not_crashed_on()
    {
        await CatalogueAsync();

        // Not UTF-8.
        var latin1 = Encoding.Latin1.GetBytes("externalId,title,service,createdAt\nA1,Caf\u00e9 machine,Mail,2026-10-05T10:00:00Z\n");
        var bad = await ImportAsync("", "latin.csv", raw: latin1);
        Assert.Equal("failed", bad.GetProperty("status").GetString());
        var reason = Assert.Single(await RejectionsAsync(bad));
        Assert.Equal(2, reason.GetProperty("line").GetInt32());
        Assert.Contains("UTF-8", reason.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Missing columns.
        var missing = await ImportAsync("id,name\n1,x\n", "cols.csv");
        Assert.Equal("failed", missing.GetProperty("status").GetString());
        Assert.Contains("externalid", (await RejectionsAsync(missing))[0].GetProperty("reason").GetString(), StringComparison.Ordinal);

        // A huge line, a binary line, an unclosed quote.
        var huge = Line(Good("BIG", Base)).Replace("Nobody gets mail", new string('x', ImportFiles.MaxLineBytes + 10), StringComparison.Ordinal);
        var mixed = await ImportAsync(huge + "\n\u0000\u0001\u0002\n" + Line(Good("FINE", Base)), "mixed.jsonl", new() { ["batchSize"] = "1" });
        Assert.Equal(1, mixed.GetProperty("importedRows").GetInt32());
        Assert.Equal(2, mixed.GetProperty("rejectedRows").GetInt32());
        var unclosed = await ImportAsync("externalId,title,service,createdAt\nQ1,\"never closed,Mail,2026-10-05T10:00:00Z\n", "quote.csv");
        Assert.Equal(0, unclosed.GetProperty("importedRows").GetInt32());
        Assert.NotEmpty(await RejectionsAsync(unclosed));

        // Empty file and wrong form fields: 400 naming the field.
        await AssertProblemAsync(await UploadAsync("", "empty.csv"), HttpStatusCode.BadRequest, "file");
        await AssertProblemAsync(await UploadAsync("x", "data.txt"), HttpStatusCode.BadRequest, "format");
        await AssertProblemAsync(await UploadAsync("x", "a.csv", new() { ["source"] = "" }), HttpStatusCode.BadRequest, "source");
        await AssertProblemAsync(await UploadAsync("x", "a.csv", new() { ["timeZone"] = "Mars/Olympus" }), HttpStatusCode.BadRequest, "timeZone");
        await AssertProblemAsync(await UploadAsync("x", "a.csv", new() { ["batchSize"] = "0" }), HttpStatusCode.BadRequest, "batchSize");
        Assert.Equal(1, await CountAsync<Incident>());
    }

    [Fact]
    public async Task Only_service_desk_admins_import_and_a_queued_import_can_be_cancelled()
    {
        var (agent, _) = await Factory.UserClientAsync(Admin, "Agent");
        await AssertProblemAsync(await UploadAsync("x", "a.csv", client: agent), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await agent.GetAsync("/api/v1/imports"), HttpStatusCode.Forbidden);

        var (owner, _) = await Factory.UserClientAsync(Admin, "ProcessOwner");
        var queued = await UploadAsync("externalId,title,service,createdAt\n", "a.csv", client: owner);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var id = (await BodyAsync(queued)).GetProperty("id").GetGuid();
        await AssertProblemAsync(await agent.GetAsync($"/api/v1/imports/{id}"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await agent.PostAsync($"/api/v1/imports/{id}/cancel", null), HttpStatusCode.Forbidden);
        var cancelled = await BodyAsync(await owner.PostAsync($"/api/v1/imports/{id}/cancel", null));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await AssertProblemAsync(await owner.PostAsync($"/api/v1/imports/{id}/cancel", null), HttpStatusCode.Conflict);
        var list = await BodyAsync(await owner.GetAsync("/api/v1/imports"));
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_413()
    {
        await using var small = Factory.WithWebHostBuilder(b => b.UseSetting("Quadrant:Imports:MaxUploadBytes", "2000"));
        var client = small.CreateClient();
        client.DefaultRequestHeaders.Authorization = Admin.DefaultRequestHeaders.Authorization;
        var response = await UploadAsync(new string('a', 5000), "big.csv", client: client);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "file");
        Assert.Equal(0, await CountAsync<ImportJob>());
    }
}

public sealed class SqliteImportApiTests(SqliteFactory factory) : ImportApiTests<SqliteFactory>(factory);

public sealed class PostgresImportApiTests(PostgresFactory factory) : ImportApiTests<PostgresFactory>(factory);
