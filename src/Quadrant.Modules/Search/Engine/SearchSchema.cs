using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Search.Engine;

/// <summary>
/// The parts of the search index that EF Core migrations cannot express. On SQLite: the FTS5 table <c>search_fts</c>
/// (external content over <c>search_documents</c>, so the text is stored once) and three triggers that keep it in
/// step with every insert, update and delete of a document, inside the writing transaction.
/// <para>
/// They are reconciled at every start, after the migrations, instead of being written into a migration: generated
/// migrations are never edited, and a later migration that rebuilds <c>search_documents</c> (SQLite rebuilds a table
/// to change a column) silently drops its triggers. <see cref="EnsureAsync"/> compares what the database holds with
/// the definitions below, word for word; if anything is missing or different it recreates all of them and rebuilds
/// the FTS index from the documents, in one transaction. Otherwise it does nothing. See docs/adr/0009-search-index.md.
/// </para>
/// </summary>
internal static partial class SearchSchema
{
    public const string Documents = "search_documents";
    public const string Fts = "search_fts";
    public const string PublicVector = "PublicVector";
    public const string FullVector = "FullVector";

    /// <summary>FTS5 columns, in this order (snippet() and bm25() refer to them by position).</summary>
    public static readonly string[] Columns = ["Title", "Keywords", "Body", "StaffBody"];

    /// <summary>The columns everyone who may see a record is matched on (not the staff-only text).</summary>
    public static readonly string[] PublicColumns = ["Title", "Keywords", "Body"];

    private static readonly (string Name, string Sql)[] Objects =
    [
        (Fts, $"CREATE VIRTUAL TABLE {Fts} USING fts5(Title, Keywords, Body, StaffBody, content='{Documents}', content_rowid='Id', " +
              "tokenize='porter unicode61 remove_diacritics 2')"),
        ("search_documents_ai", $"CREATE TRIGGER search_documents_ai AFTER INSERT ON {Documents} BEGIN " +
              $"INSERT INTO {Fts}(rowid, Title, Keywords, Body, StaffBody) VALUES (new.Id, new.Title, new.Keywords, new.Body, new.StaffBody); END"),
        ("search_documents_ad", $"CREATE TRIGGER search_documents_ad AFTER DELETE ON {Documents} BEGIN " +
              $"INSERT INTO {Fts}({Fts}, rowid, Title, Keywords, Body, StaffBody) VALUES ('delete', old.Id, old.Title, old.Keywords, old.Body, old.StaffBody); END"),
        ("search_documents_au", $"CREATE TRIGGER search_documents_au AFTER UPDATE OF Title, Keywords, Body, StaffBody ON {Documents} BEGIN " +
              $"INSERT INTO {Fts}({Fts}, rowid, Title, Keywords, Body, StaffBody) VALUES ('delete', old.Id, old.Title, old.Keywords, old.Body, old.StaffBody); " +
              $"INSERT INTO {Fts}(rowid, Title, Keywords, Body, StaffBody) VALUES (new.Id, new.Title, new.Keywords, new.Body, new.StaffBody); END"),
    ];

    /// <summary>Creates or repairs the SQLite FTS5 table and its triggers; returns true when it had to (and rebuilt the index).</summary>
#pragma warning disable EF1002 // the statements are the constants above, not input
    public static async Task<bool> EnsureAsync(QuadrantDbContext db, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.IsPostgres)
        {
            return false; // the generated tsvector columns and their GIN indexes come with the migrations
        }

        var names = string.Join(", ", Objects.Select(o => $"'{o.Name}'"));
        var present = await db.Database.SqlQueryRaw<SchemaObject>($"SELECT name AS Name, sql AS Sql FROM sqlite_master WHERE name IN ({names})")
            .ToListAsync(ct);
        if (Objects.All(o => present.Any(p => p.Name == o.Name && p.Sql == o.Sql)))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (name, _) in Objects.Skip(1))
        {
            await db.Database.ExecuteSqlRawAsync($"DROP TRIGGER IF EXISTS {name}", ct);
        }

        await db.Database.ExecuteSqlRawAsync($"DROP TABLE IF EXISTS {Fts}", ct);
        foreach (var (_, sql) in Objects)
        {
            await db.Database.ExecuteSqlRawAsync(sql, ct);
        }

        await db.Database.ExecuteSqlRawAsync($"INSERT INTO {Fts}({Fts}) VALUES ('rebuild')", ct);
        await transaction.CommitAsync(ct);
        LogRebuilt(logger, present.Count == 0 ? "created" : "repaired");
        return true;
    }
#pragma warning restore EF1002

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index: the SQLite full-text table and its triggers were {What}; the index was rebuilt from the documents")]
    private static partial void LogRebuilt(ILogger logger, string what);

    private sealed record SchemaObject(string Name, string? Sql);
}
