using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Quadrant.Modules.Access;
using Quadrant.Modules.Access.Features.CreateFirstAdmin;
using Quadrant.Modules.Access.Features.AcceptInvite;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.IntegrationTests.Infrastructure;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Quadrant in-process over a real database: a fresh SQLite file, or a fresh database on the
/// PostgreSQL server named by QUADRANT_TEST_POSTGRES (started by .ci/run). One per test class;
/// <see cref="ResetAsync"/> empties it between tests.
/// </summary>
public abstract class QuadrantFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@test.quadrant.local";
    public const string AdminPassword = "Admin-Passw0rd-123";
    public const string PostgresVariable = "QUADRANT_TEST_POSTGRES";

    private readonly string databaseName = "q_" + Guid.NewGuid().ToString("N")[..16];
    private string? sqliteDirectory;

    protected QuadrantFactory(Provider provider)
    {
        Provider = provider;
    }

    public Provider Provider { get; }

    protected virtual int CredentialsPerMinute => 100_000;

    public FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());

    public string ConnectionString { get; private set; } = "";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string PostgresAdminConnection() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the suite with `bash .ci/run`, which starts a private PostgreSQL server, " +
                $"or set {PostgresVariable}=Host=127.0.0.1;Port=...;Username=postgres;Database=postgres.");

    public async Task InitializeAsync()
    {
        if (Provider == Provider.Postgres)
        {
            var admin = PostgresAdminConnection();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
            await create.ExecuteNonQueryAsync();
            ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = databaseName, Pooling = true }.ToString();
        }
        else
        {
            sqliteDirectory = Path.Combine(Path.GetTempPath(), "quadrant-tests", databaseName);
            Directory.CreateDirectory(sqliteDirectory);
            ConnectionString = $"Data Source={Path.Combine(sqliteDirectory, "quadrant.db")}";
        }

        // Starts the host: migrations run, roles and the bootstrap admin are created.
        _ = Services;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (Provider == Provider.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresAdminConnection());
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else if (sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp file is harmless.
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Quadrant", ConnectionString);
        builder.UseSetting("Quadrant:Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Quadrant:Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Quadrant:Bootstrap:AdminName", "Test Admin");
        // Tests sign in far more often than people; RateLimitTests checks the limit with its own factory.
        builder.UseSetting("Quadrant:RateLimits:CredentialsPerMinute", CredentialsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Tests run the SLA jobs themselves (RunNowAsync). With the fake clock advanced by hours or days,
        // their timers would otherwise fire in the background and race the next test's reset (40 days: a
        // PeriodicTimer allows at most about 49).
        builder.UseSetting("Quadrant:Sla:CrossingInterval", "40.00:00:00");
        builder.UseSetting("Quadrant:Sla:RecomputeInterval", "40.00:00:00");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    /// <summary>Empties every table, then re-creates the roles and the bootstrap administrator.</summary>
#pragma warning disable EF1002 // table names come from the model, not from input
    public async Task ResetAsync()
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
            var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).Where(t => t is not null).Distinct().ToList();
            if (db.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync($"TRUNCATE {string.Join(", ", tables.Select(t => $"\"{t}\""))} CASCADE");
            }
            else
            {
                // One connection throughout: the pragma is per connection, and EF Core turns foreign keys on at every open.
                await db.Database.OpenConnectionAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF;");
                foreach (var table in tables)
                {
                    await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table}\";");
                }

                await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = ON;");
                await db.Database.CloseConnectionAsync();
            }
        }

        await AccessBootstrap.RunAsync(Services, "http://localhost", CancellationToken.None);
    }
#pragma warning restore EF1002

    /// <summary>An HTTP client with a fresh token of the bootstrap admin.</summary>
    public async Task<HttpClient> AdminClientAsync() => await ClientForAsync(AdminEmail, AdminPassword);

    public async Task<HttpClient> ClientForAsync(string email, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { email, password, name = "tests" });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a user with the given roles (through the API) and returns a client signed in as them.</summary>
    public async Task<(HttpClient Client, Guid UserId)> UserClientAsync(HttpClient admin, string role, string? email = null)
    {
        ArgumentNullException.ThrowIfNull(admin);
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.quadrant.local";
        const string password = "User-Passw0rd-123";
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, displayName = $"{role} user", roles = new[] { role }, password });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("id").GetGuid();
        return (await ClientForAsync(email, password), id);
    }
}

public sealed class SqliteFactory() : QuadrantFactory(Provider.Sqlite);

public sealed class PostgresFactory() : QuadrantFactory(Provider.Postgres);

/// <summary>A SQLite instance with a tight credentials rate limit (5 a minute).</summary>
public sealed class RateLimitedFactory() : QuadrantFactory(Provider.Sqlite)
{
    protected override int CredentialsPerMinute => 5;
}
