using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.IntegrationTests.Infrastructure;
using Quadrant.Modules.Common.Jobs;

namespace Quadrant.IntegrationTests;

public abstract class AuditAndOperationsTests<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private async Task<System.Text.Json.JsonElement> VerifyAsync() => await BodyAsync(await Admin.GetAsync("/api/v1/audit/verify"));

    private async Task<long> SequenceOfServiceCreationAsync(Guid id)
    {
        var entries = await BodyAsync(await Admin.GetAsync($"/api/v1/audit?recordType=Service&recordId={id}"));
        return entries.GetProperty("items")[0].GetProperty("sequence").GetInt64();
    }

    [Fact]
    public async Task Editing_an_entry_in_the_database_is_reported()
    {
        await CreateServiceAsync("A");
        var id = (await CreateServiceAsync("B")).GetProperty("id").GetGuid();
        await CreateServiceAsync("C");
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());
        var sequence = await SequenceOfServiceCreationAsync(id);

        await WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE audit_entries SET \"ActorName\" = 'someone-else' WHERE \"Sequence\" = {sequence}"));

        var verify = await VerifyAsync();
        Assert.False(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(sequence, verify.GetProperty("firstBreak").GetProperty("sequence").GetInt64());
        Assert.Contains("altered", verify.GetProperty("firstBreak").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rehashing_an_edited_entry_breaks_the_next_link()
    {
        await CreateServiceAsync("A");
        var id = (await CreateServiceAsync("B")).GetProperty("id").GetGuid();
        await CreateServiceAsync("C");
        var sequence = await SequenceOfServiceCreationAsync(id);

        // A careful forger changes the content and recomputes that entry's own hash.
        await WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET \"Changes\" = '[]' WHERE \"Sequence\" = {sequence}");
            var entry = await db.Set<Quadrant.Modules.Common.Auditing.AuditEntry>().AsNoTracking().SingleAsync(e => e.Sequence == sequence);
            var forged = entry.ComputeHash();
            return await db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET \"Hash\" = {forged} WHERE \"Sequence\" = {sequence}");
        });

        var verify = await VerifyAsync();
        Assert.False(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(sequence + 1, verify.GetProperty("firstBreak").GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Deleting_an_entry_is_reported_as_a_gap()
    {
        await CreateServiceAsync("A");
        var id = (await CreateServiceAsync("B")).GetProperty("id").GetGuid();
        await CreateServiceAsync("C");
        var sequence = await SequenceOfServiceCreationAsync(id);
        await WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM audit_entries WHERE \"Sequence\" = {sequence}"));

        var verify = await VerifyAsync();
        Assert.False(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(sequence + 1, verify.GetProperty("firstBreak").GetProperty("sequence").GetInt64());
        Assert.Contains("missing", verify.GetProperty("firstBreak").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_application_refuses_to_change_audit_entries()
    {
        await CreateServiceAsync("A");
        await WithDbAsync(async db =>
        {
            var entry = await db.Set<Quadrant.Modules.Common.Auditing.AuditEntry>().FirstAsync();
            db.Remove(entry);
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            return 0;
        });
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Secrets_never_reach_the_audit_trail()
    {
        var response = await Admin.GetAsync("/api/v1/audit?limit=200");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"passwordHash\"", text, StringComparison.Ordinal);
        Assert.Contains("(redacted)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", text, StringComparison.Ordinal); // Identity's password hash prefix
        var tokens = await BodyAsync(await Admin.GetAsync("/api/v1/audit?recordType=ApiToken"));
        Assert.All(tokens.GetProperty("items").EnumerateArray(), e =>
            Assert.Equal("(redacted)", e.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "tokenHash").GetProperty("after").GetString()));
    }

    [Theory]
    [InlineData("recordId=abc", "recordType")]
    [InlineData("limit=0", "limit")]
    [InlineData("sort=name", "sort")]
    public async Task Audit_queries_are_validated(string query, string field)
    {
        await AssertProblemAsync(await Admin.GetAsync($"/api/v1/audit?{query}"), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        var client = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_expose_requests_and_jobs_in_prometheus_format()
    {
        await Admin.GetAsync("/api/v1/services");
        var job = Factory.Services.GetRequiredService<IdempotencyCleanupJob>();
        await job.RunNowAsync(CancellationToken.None);
        var metrics = await Factory.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("http_server_request_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/v1/services\"", metrics, StringComparison.Ordinal);
        Assert.Contains("quadrant_job_runs_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("job=\"idempotency-cleanup\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Old_idempotency_keys_are_forgotten_by_the_cleanup_job()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services") { Content = JsonContent.Create(new { name = "Mail", criticality = "low" }) };
        request.Headers.Add("Idempotency-Key", "old-key");
        Assert.Equal(HttpStatusCode.Created, (await Admin.SendAsync(request)).StatusCode);
        Assert.Equal(1, await CountAsync<Quadrant.Modules.Common.Http.IdempotencyRecord>());

        var job = Factory.Services.GetRequiredService<IdempotencyCleanupJob>();
        Assert.Equal(0, await job.RunNowAsync(CancellationToken.None));
        Assert.Equal(1, await CountAsync<Quadrant.Modules.Common.Http.IdempotencyRecord>());

        // Advancing the clock also wakes the hosted loop, which may delete the row first; either way it is gone.
        Factory.Time.Advance(TimeSpan.FromHours(25));
        await job.RunNowAsync(CancellationToken.None);
        Assert.Equal(0, await CountAsync<Quadrant.Modules.Common.Http.IdempotencyRecord>());
    }

    [Fact]
    public async Task The_openapi_document_and_reference_are_served()
    {
        var client = Factory.CreateClient();
        var doc = await BodyAsync(await client.GetAsync("/openapi/v1.json"));
        Assert.StartsWith("3.1", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/services", "/api/v1/services/{id}", "/api/v1/services/{id}/retire", "/api/v1/auth/tokens", "/api/v1/audit", "/api/v1/audit/verify", "/api/v1/users" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        }

        Assert.True(doc.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        static IEnumerable<string> Headers(System.Text.Json.JsonElement operation) =>
            operation.TryGetProperty("parameters", out var ps)
                ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()!)
                : [];
        Assert.Contains("If-Match", Headers(paths.GetProperty("/api/v1/services/{id}").GetProperty("put")));
        Assert.Contains("If-Match", Headers(paths.GetProperty("/api/v1/services/{id}/retire").GetProperty("post")));
        Assert.Contains("Idempotency-Key", Headers(paths.GetProperty("/api/v1/services").GetProperty("post")));
        Assert.DoesNotContain("Idempotency-Key", Headers(paths.GetProperty("/api/v1/auth/tokens").GetProperty("post")));
        var scalar = await client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
    }

    [Fact]
    public async Task Sign_in_page_is_served()
    {
        var page = await Factory.CreateClient().GetStringAsync("/account/login");
        Assert.Contains("Sign in", page, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Email\"", page, StringComparison.Ordinal);
    }
}

public sealed class SqliteAuditAndOperationsTests(SqliteFactory factory) : AuditAndOperationsTests<SqliteFactory>(factory);

public sealed class PostgresAuditAndOperationsTests(PostgresFactory factory) : AuditAndOperationsTests<PostgresFactory>(factory);
