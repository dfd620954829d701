using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.IntegrationTests.Infrastructure;

/// <summary>Base of the API tests: a clean database before each test and small HTTP helpers.</summary>
public abstract class ApiTest<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : QuadrantFactory
{
    protected TFactory Factory { get; } = factory;

    protected HttpClient Admin { get; private set; } = default!;

    public virtual async Task InitializeAsync()
    {
        await Factory.ResetAsync();
        Admin = await Factory.AdminClientAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    protected static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Asserts a problem-details answer with this status naming this field.</summary>
    protected static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(body.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
                $"Expected an error for field '{field}': {text}");
        }

        return body;
    }

    protected async Task<JsonElement> CreateServiceAsync(string name, string criticality = "high", string? lifecycle = null, HttpClient? client = null)
    {
        var response = await (client ?? Admin).PostAsJsonAsync("/api/v1/services", new { name, criticality, lifecycle, description = $"{name} description" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await BodyAsync(response);
    }

    protected async Task<int> CountAsync<T>()
        where T : class
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<QuadrantDbContext>().Set<T>().CountAsync();
    }

    protected Task<int> AuditCountAsync() => CountAsync<AuditEntry>();

    protected async Task<T> WithDbAsync<T>(Func<QuadrantDbContext, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<QuadrantDbContext>());
    }
}
