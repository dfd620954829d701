using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.Search.Domain;

namespace Quadrant.Modules.Search.Engine;

/// <summary>The outcome of rebuilding one kind.</summary>
public sealed record RebuildResult(string Kind, int Documents, int Removed);

/// <summary>
/// Rebuilds the index of a kind from its <see cref="ISearchSource"/>: every record is upserted (in batches, each in its
/// own transaction), then the documents of records that no longer exist are removed. Runs at start-up for kinds whose
/// source generation changed (or that were never indexed, as after an upgrade), and on request. On PostgreSQL a
/// session advisory lock makes concurrent starts of several nodes rebuild once.
/// </summary>
internal sealed partial class SearchRebuilder(IServiceScopeFactory scopes, TimeProvider time, ILogger<SearchRebuilder> logger)
{
    private const long LockKey = 0x5155414453524348; // "QUADSRCH"

    /// <summary>Rebuilds the kinds whose generation differs from the one they were indexed with.</summary>
    public Task<IReadOnlyList<RebuildResult>> CatchUpAsync(CancellationToken ct) => RunAsync(null, onlyStale: true, ct);

    /// <summary>Rebuilds the given kinds (all when null), whatever their state.</summary>
    public Task<IReadOnlyList<RebuildResult>> RebuildAsync(IReadOnlyCollection<string>? kinds, CancellationToken ct) => RunAsync(kinds, onlyStale: false, ct);

    private async Task<IReadOnlyList<RebuildResult>> RunAsync(IReadOnlyCollection<string>? kinds, bool onlyStale, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
        var sources = scope.ServiceProvider.GetServices<ISearchSource>()
            .Where(s => kinds is null || kinds.Contains(s.Kind)).Select(s => (s.Kind, s.Generation)).ToList();
        await using var exclusive = db.IsPostgres ? await LockAsync(db.Database.GetConnectionString()!, ct) : null;
        var results = new List<RebuildResult>();
        foreach (var (kind, generation) in sources)
        {
            var state = await db.Set<SearchIndexState>().AsNoTracking().FirstOrDefaultAsync(s => s.Kind == kind, ct);
            if (onlyStale && state?.Generation == generation)
            {
                continue;
            }

            results.Add(await RebuildKindAsync(kind, generation, ct));
        }

        return results;
    }

    private async Task<RebuildResult> RebuildKindAsync(string kind, int generation, CancellationToken ct)
    {
        var seen = new HashSet<Guid>();
        await using (var readScope = scopes.CreateAsyncScope())
        {
            readScope.ServiceProvider.GetRequiredService<ActorContext>().SetSystem("search-index");
            var source = readScope.ServiceProvider.GetServices<ISearchSource>().Single(s => s.Kind == kind);
            await foreach (var batch in source.ReadAllAsync(ct))
            {
                await using var writeScope = scopes.CreateAsyncScope();
                writeScope.ServiceProvider.GetRequiredService<ActorContext>().SetSystem("search-index");
                var db = writeScope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
                var index = writeScope.ServiceProvider.GetRequiredService<ISearchIndex>();
                var ids = batch.Select(e => e.Id).ToList();
                // Loaded once per batch, so each upsert finds its document among the tracked ones.
                await db.Set<SearchDocument>().Where(d => d.Kind == kind && ids.Contains(d.RecordId)).LoadAsync(ct);
                foreach (var entry in batch)
                {
                    await index.UpsertAsync(entry, ct);
                    seen.Add(entry.Id);
                }

                await db.SaveChangesAsync(ct);
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
        var removed = 0;
        long after = 0;
        while (true)
        {
            var chunk = await store.Set<SearchDocument>().AsNoTracking().Where(d => d.Kind == kind && d.Id > after).OrderBy(d => d.Id)
                .Select(d => new { d.Id, d.RecordId }).Take(1000).ToListAsync(ct);
            if (chunk.Count == 0)
            {
                break;
            }

            after = chunk[^1].Id;
            var gone = chunk.Where(c => !seen.Contains(c.RecordId)).Select(c => c.Id).ToList();
            if (gone.Count > 0)
            {
                // Derived, unaudited rows: a bulk delete is fine here (the SQLite triggers still see every row).
                removed += await store.Set<SearchDocument>().Where(d => gone.Contains(d.Id)).ExecuteDeleteAsync(ct);
            }
        }

        var state = await store.Set<SearchIndexState>().FirstOrDefaultAsync(s => s.Kind == kind, ct);
        if (state is null)
        {
            state = SearchIndexState.Create(kind);
            store.Add(state);
        }

        state.Rebuilt(generation, seen.Count, time.UtcNow());
        await store.SaveChangesAsync(ct);
        LogRebuilt(logger, kind, seen.Count, removed, generation);
        return new RebuildResult(kind, seen.Count, removed);
    }

    private static async Task<NpgsqlConnection> LockAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection);
        await command.ExecuteNonQueryAsync(ct);
        return connection; // closing the connection releases the lock
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index: rebuilt {Kind} ({Documents} records, {Removed} stale entries removed, generation {Generation})")]
    private static partial void LogRebuilt(ILogger logger, string kind, int documents, int removed, int generation);
}
