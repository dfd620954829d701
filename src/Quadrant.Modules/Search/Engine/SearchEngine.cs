using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.Search.Domain;

namespace Quadrant.Modules.Search.Engine;

/// <summary>
/// Runs a query on SQLite FTS5 or PostgreSQL full-text search, for the acting user. A record is found when it is
/// visible to everyone, owned by the user, or readable by one of the user's staff roles; only in the last case are
/// its staff-only text (work notes) matched, ranked and shown. The user's text reaches the database as a bound
/// parameter, rewritten by <see cref="SearchQuery"/> so it is never read as operators.
/// </summary>
internal sealed class SearchEngine(QuadrantDbContext db, IEnumerable<SearchKind> kinds, ActorContext actor) : ISearch
{
    private const int SnippetTokens = 24;
    private const string Ellipsis = "…";
    private static readonly string Start = SearchDocument.MarkStart.ToString();
    private static readonly string End = SearchDocument.MarkEnd.ToString();

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = SearchQuery.Parse(request.Text, request.Mode);
        var registry = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);
        var wanted = (request.Kinds.Count == 0 ? registry.Keys : request.Kinds.Where(registry.ContainsKey)).Distinct().ToList();
        if (query.IsEmpty || actor.UserId is not { } me || wanted.Count == 0 || request.Limit < 1)
        {
            return new SearchResults([], false, !query.IsEmpty);
        }

        var scope = new Scope(wanted, RoleBits.OfUser(actor.RolesHeld), me, request.Limit + 1, Math.Max(0, request.Offset));
        var rows = db.IsPostgres ? await PostgresAsync(query, scope, ct) : await SqliteAsync(query, scope, ct);
        var hits = rows.Take(request.Limit).Select(r =>
        {
            var kind = registry[r.Kind];
            var staff = r.Reader && Highlight.HasMark(r.StaffMarked) && !Highlight.HasMark(r.BodyMarked);
            return new SearchHit(r.Kind, r.RecordId, r.Reference, r.Title,
                Highlight.HasMark(r.TitleMarked) ? Highlight.ToHtml(r.TitleMarked) : Highlight.ToHtml(r.Title),
                Highlight.ToHtml(staff ? r.StaffMarked : r.BodyMarked), staff ? "staffText" : "text",
                Math.Round(r.Score, 9), kind.PageUrl(r.RecordId), kind.ApiUrl(r.RecordId), r.UpdatedAt);
        }).ToList();
        return new SearchResults(hits, rows.Count > request.Limit, true);
    }

    private sealed record Scope(IReadOnlyList<string> Kinds, int Mask, Guid UserId, int Take, int Offset);

    private sealed record Row(long Id, string Kind, Guid RecordId, string Reference, string Title, DateTime UpdatedAt, bool Reader, double Score,
        string? TitleMarked, string? BodyMarked, string? StaffMarked);

    // ---- SQLite: FTS5 with bm25 (lower is better), highlight() and snippet() ----

    private async Task<List<Row>> SqliteAsync(SearchQuery query, Scope scope, CancellationToken ct)
    {
        var full = query.ToFts5();
        var publicOnly = query.ToFts5(SearchSchema.PublicColumns);
        var kindList = string.Join(", ", scope.Kinds.Select((_, i) => $"@k{i}"));
        var parts = new List<string>();
        if (scope.Mask != 0)
        {
            parts.Add($"""
                SELECT d."Id" AS Id, 1 AS Reader, bm25({SearchSchema.Fts}, 8.0, 4.0, 1.0, 0.8) AS Score, d."UpdatedAt" AS UpdatedAt
                FROM {SearchSchema.Fts} JOIN {SearchSchema.Documents} AS d ON d."Id" = {SearchSchema.Fts}.rowid
                WHERE {SearchSchema.Fts} MATCH @full AND d."Kind" IN ({kindList}) AND (d."ReaderRoles" & @mask) <> 0
                """);
        }

        parts.Add($"""
            SELECT d."Id" AS Id, 0 AS Reader, bm25({SearchSchema.Fts}, 8.0, 4.0, 1.0, 0.0) AS Score, d."UpdatedAt" AS UpdatedAt
            FROM {SearchSchema.Fts} JOIN {SearchSchema.Documents} AS d ON d."Id" = {SearchSchema.Fts}.rowid
            WHERE {SearchSchema.Fts} MATCH @public AND d."Kind" IN ({kindList}) AND (d."ReaderRoles" & @mask) = 0
              AND (d."Everyone" = 1 OR d."OwnerUserId" = @me)
            """);
        var sql = $"SELECT Id, Reader, Score FROM ({string.Join(" UNION ALL ", parts)}) ORDER BY Score, UpdatedAt DESC, Id LIMIT @take OFFSET @offset";

        List<SqliteParameter> Parameters()
        {
            var list = new List<SqliteParameter>
            {
                new("@full", full), new("@public", publicOnly), new("@mask", scope.Mask),
                new("@me", scope.UserId.ToString("D").ToUpperInvariant()), new("@take", scope.Take), new("@offset", scope.Offset),
            };
            list.AddRange(scope.Kinds.Select((k, i) => new SqliteParameter($"@k{i}", k)));
            return list;
        }

        var page = await ReadAsync(sql, Parameters(), r => (Id: r.GetInt64(0), Reader: r.GetInt64(1) == 1, Score: -r.GetDouble(2)), ct);
        if (page.Count == 0)
        {
            return [];
        }

        // Highlights only for the rows of the page, each with the query its part matched with.
        var marks = new Dictionary<long, (string? Title, string? Body, string? Staff)>();
        foreach (var group in page.GroupBy(p => p.Reader))
        {
            var ids = string.Join(", ", group.Select(p => p.Id.ToString(CultureInfo.InvariantCulture)));
            var staffSnippet = group.Key ? $"snippet({SearchSchema.Fts}, 3, @s, @e, @ellipsis, {SnippetTokens})" : "NULL";
            var marked = $"""
                SELECT rowid, highlight({SearchSchema.Fts}, 0, @s, @e), snippet({SearchSchema.Fts}, 2, @s, @e, @ellipsis, {SnippetTokens}), {staffSnippet}
                FROM {SearchSchema.Fts} WHERE {SearchSchema.Fts} MATCH @q AND rowid IN ({ids})
                """;
            var found = await ReadAsync(marked,
                [new SqliteParameter("@q", group.Key ? full : publicOnly), new SqliteParameter("@s", Start), new SqliteParameter("@e", End),
                 new SqliteParameter("@ellipsis", Ellipsis)],
                r => (Id: r.GetInt64(0), Title: Text(r, 1), Body: Text(r, 2), Staff: Text(r, 3)), ct);
            foreach (var f in found)
            {
                marks[f.Id] = (f.Title, f.Body, f.Staff);
            }
        }

        var pageIds = page.Select(p => p.Id).ToList();
        var documents = await db.Set<SearchDocument>().AsNoTracking().Where(d => pageIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Kind, d.RecordId, d.Reference, d.Title, d.UpdatedAt }).ToDictionaryAsync(d => d.Id, ct);
        return page.Where(p => documents.ContainsKey(p.Id)).Select(p =>
        {
            var d = documents[p.Id];
            var m = marks.GetValueOrDefault(p.Id);
            return new Row(p.Id, d.Kind, d.RecordId, d.Reference, d.Title, d.UpdatedAt, p.Reader, p.Score, m.Title, m.Body, m.Staff);
        }).ToList();
    }

    // ---- PostgreSQL: websearch_to_tsquery, ts_rank over weighted tsvectors, ts_headline ----

    private async Task<List<Row>> PostgresAsync(SearchQuery query, Scope scope, CancellationToken ct)
    {
        var web = query.ToWebSearch();
        var prefix = query.ToPrefixTsQuery();
        var tsquery = (web.Length > 0, prefix is not null) switch
        {
            (true, true) => "(websearch_to_tsquery('english', @web) || to_tsquery('english', @prefix))",
            (false, true) => "to_tsquery('english', @prefix)",
            _ => "websearch_to_tsquery('english', @web)",
        };
        var reader = scope.Mask != 0 ? "(d.\"ReaderRoles\" & @mask) <> 0" : "false";
        var match = scope.Mask != 0
            ? $"""(({reader} AND d."{SearchSchema.FullVector}" @@ q.query) OR (NOT {reader} AND (d."Everyone" OR d."OwnerUserId" = @me) AND d."{SearchSchema.PublicVector}" @@ q.query))"""
            : $"""((d."Everyone" OR d."OwnerUserId" = @me) AND d."{SearchSchema.PublicVector}" @@ q.query)""";
        var sql = $"""
            WITH q AS (SELECT {tsquery} AS query),
            hits AS (
                SELECT d."Id", d."Kind", d."RecordId", d."Reference", d."Title", d."Body", d."StaffBody", d."UpdatedAt",
                       {reader} AS reader,
                       CASE WHEN {reader} THEN ts_rank(d."{SearchSchema.FullVector}", q.query, 1) ELSE ts_rank(d."{SearchSchema.PublicVector}", q.query, 1) END AS score
                FROM {SearchSchema.Documents} AS d, q
                WHERE d."Kind" = ANY(@kinds) AND {match}
                ORDER BY score DESC, d."UpdatedAt" DESC, d."Id"
                LIMIT @take OFFSET @offset)
            SELECT h."Id", h."Kind", h."RecordId", h."Reference", h."Title", h."UpdatedAt", h.reader, h.score,
                   ts_headline('english', h."Title", q.query, @titleOptions),
                   ts_headline('english', h."Body", q.query, @options),
                   CASE WHEN h.reader AND h."StaffBody" IS NOT NULL THEN ts_headline('english', h."StaffBody", q.query, @options) END
            FROM hits h, q
            ORDER BY h.score DESC, h."UpdatedAt" DESC, h."Id"
            """;
        var marks = $"StartSel=\"{Start}\", StopSel=\"{End}\"";
        var parameters = new List<NpgsqlParameter>
        {
            new("web", web), new("prefix", (object?)prefix ?? DBNull.Value) { NpgsqlDbType = NpgsqlDbType.Text },
            new("kinds", scope.Kinds.ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new("mask", scope.Mask), new("me", scope.UserId), new("take", scope.Take), new("offset", scope.Offset),
            new("titleOptions", marks + ", HighlightAll=true"),
            new("options", marks + $", MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=\" {Ellipsis} \""),
        };
        return await ReadAsync(sql, parameters, r => new Row(r.GetInt64(0), r.GetString(1), r.GetGuid(2), r.GetString(3), r.GetString(4),
            DateTime.SpecifyKind(r.GetDateTime(5), DateTimeKind.Utc), r.GetBoolean(6), r.GetFloat(7), Text(r, 8), Text(r, 9), Text(r, 10)), ct);
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private async Task<List<T>> ReadAsync<T>(string sql, IEnumerable<DbParameter> parameters, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var p in parameters)
            {
                command.Parameters.Add(p);
            }

            var result = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                result.Add(read(reader));
            }

            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
