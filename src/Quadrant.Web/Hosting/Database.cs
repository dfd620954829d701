using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Web.Hosting;

/// <summary>The database provider switch: SQLite by default, PostgreSQL with one setting.</summary>
internal static class Database
{
    public const string DefaultSqlite = "Data Source=data/quadrant.db";

    public static string Provider(IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] ?? "Sqlite";
        return provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? "Postgres"
            : provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase)
                ? "Sqlite"
                : throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or Postgres.");
    }

    public static IServiceCollection AddQuadrantDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = Provider(configuration);
        var connection = configuration.GetConnectionString("Quadrant");
        if (provider == "Postgres")
        {
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException("Database:Provider=Postgres needs ConnectionStrings:Quadrant (ConnectionStrings__Quadrant).");
            }

            services.AddDbContext<QuadrantDbContext>(o => o.UseNpgsql(connection, npg => npg.MigrationsAssembly("Quadrant.Migrations.Postgres")));
        }
        else
        {
            var sqlite = PrepareSqlite(string.IsNullOrWhiteSpace(connection) ? DefaultSqlite : connection);
            services.AddDbContext<QuadrantDbContext>(o => o.UseSqlite(sqlite, s => s.MigrationsAssembly("Quadrant.Migrations.Sqlite")));
        }

        return services;
    }

    /// <summary>Resolves a relative SQLite file against the working directory and creates its folder.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        builder.Pooling = true;
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    /// <summary>
    /// Applies pending migrations, then lets the search index reconcile what migrations cannot express (SQLite's FTS5
    /// table and its triggers). SQLite is switched to WAL (readers never block the writer).
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
        await db.Database.MigrateAsync(ct);
        if (!db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        await Quadrant.Modules.Search.SearchModule.PrepareAsync(services, ct);
    }
}
