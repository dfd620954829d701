using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using Quadrant.IntegrationTests.Infrastructure;

namespace Quadrant.IntegrationTests;

/// <summary>
/// An acknowledged write survives a crash: the real server runs as a child process, acknowledges
/// creates and updates, is killed with SIGKILL (no shutdown, no flush), and is started again on the
/// same database. Every acknowledged write must be there and the audit chain intact.
/// </summary>
public sealed class CrashDurabilityTests : IAsyncLifetime
{
    private readonly string workDirectory = Path.Combine(Path.GetTempPath(), "quadrant-crash", Guid.NewGuid().ToString("N"));
    private readonly string databaseName = "q_crash_" + Guid.NewGuid().ToString("N")[..12];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(workDirectory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // leftover temp files are harmless
        }

        if (Environment.GetEnvironmentVariable(QuadrantFactory.PostgresVariable) is { Length: > 0 } admin)
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public Task Sqlite_keeps_acknowledged_writes_after_sigkill() =>
        RunAsync("Sqlite", $"Data Source={Path.Combine(workDirectory, "data", "quadrant.db")}");

    [Fact]
    public async Task Postgres_keeps_acknowledged_writes_after_sigkill()
    {
        var admin = QuadrantFactory.PostgresAdminConnection();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        await RunAsync("Postgres", new NpgsqlConnectionStringBuilder(admin) { Database = databaseName }.ToString());
    }

    private async Task RunAsync(string provider, string connectionString)
    {
        var port = FreePort();
        var acknowledged = new List<(Guid Id, string Name)>();
        using (var server = Start(provider, connectionString, port))
        {
            using var client = await ReadyClientAsync(server, port);
            for (var i = 0; i < 25; i++)
            {
                var response = await client.PostAsJsonAsync("/api/v1/services", new { name = $"Durable {i}", criticality = "high" });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                acknowledged.Add(((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), $"Durable {i}"));
            }

            var rename = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/services/{acknowledged[^1].Id}")
            {
                Content = JsonContent.Create(new { name = "Durable renamed", criticality = "low", lifecycle = "live" }),
            };
            rename.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(rename)).StatusCode);
            acknowledged[^1] = (acknowledged[^1].Id, "Durable renamed");

            server.Kill(entireProcessTree: true); // SIGKILL: no graceful shutdown
            await server.WaitForExitAsync();
        }

        using var restarted = Start(provider, connectionString, port);
        try
        {
            using var client = await ReadyClientAsync(restarted, port);
            foreach (var (id, name) in acknowledged)
            {
                var response = await client.GetAsync($"/api/v1/services/{id}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(name, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
            }

            var verify = await client.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
            Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
        }
    }

    private Process Start(string provider, string connectionString, int port)
    {
        var web = Path.Combine(AppContext.BaseDirectory, "Quadrant.Web.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(web);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Database__Provider"] = provider;
        info.Environment["ConnectionStrings__Quadrant"] = connectionString;
        info.Environment["Quadrant__Bootstrap__AdminEmail"] = QuadrantFactory.AdminEmail;
        info.Environment["Quadrant__Bootstrap__AdminPassword"] = QuadrantFactory.AdminPassword;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HttpClient> ReadyClientAsync(Process server, int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        for (var attempt = 0; ; attempt++)
        {
            Assert.False(server.HasExited, $"The server exited with code {(server.HasExited ? server.ExitCode : 0)} before it was ready.");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (attempt < 300)
            {
                // not listening yet
            }

            Assert.True(attempt < 300, "The server did not become ready within 30 s.");
            await Task.Delay(100);
        }

        var token = await client.PostAsJsonAsync("/api/v1/auth/tokens",
            new { email = QuadrantFactory.AdminEmail, password = QuadrantFactory.AdminPassword, name = "crash test" });
        token.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
