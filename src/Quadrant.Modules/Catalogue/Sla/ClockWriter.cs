using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue.Sla;

/// <summary>
/// Writes the derived columns of many clocks with one prepared UPDATE, inside the caller's
/// transaction: the recomputation's hot path (EF's per-entity change tracking costs several times
/// more per row). Each row is guarded by its version, so a clock changed meanwhile (its own change has
/// already re-derived it) is left alone; the ids of such clocks are returned.
/// </summary>
internal static class ClockWriter
{
    private static readonly string[] Columns =
    [
        "Status", "PauseReason", "ElapsedSeconds", "ComputedAt", "DueAt", "DueSort", "Breached", "BreachedAt", "NextCrossingAt",
        "StoppedAt", "TargetMinutes", "EventCount", "AgreementRevision", "CalendarId", "Thresholds",
    ];

    public static async Task<HashSet<Guid>> UpdateDerivedAsync(QuadrantDbContext db, IReadOnlyList<(ClockRecord Clock, int Version)> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        var stale = new HashSet<Guid>();
        if (rows.Count == 0)
        {
            return stale;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("ClockWriter runs inside the caller's transaction.");
        var sqlite = !db.IsPostgres;
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE sla_clocks SET {string.Join(", ", Columns.Select(c => $"\"{c}\" = @{c}"))}, \"Version\" = \"Version\" + 1 " +
                              "WHERE \"Id\" = @Id AND \"Version\" = @Version";
        var parameters = Columns.Append("Id").Append("Version").ToDictionary(c => c, c =>
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + c;
            command.Parameters.Add(p);
            return p;
        });

        foreach (var (c, version) in rows)
        {
            Set(parameters["Status"], (int)c.Status);
            Set(parameters["PauseReason"], c.PauseReason);
            Set(parameters["ElapsedSeconds"], c.ElapsedSeconds);
            Set(parameters["ComputedAt"], Utc(c.ComputedAt));
            Set(parameters["DueAt"], Utc(c.DueAt));
            Set(parameters["DueSort"], Utc(c.DueSort));
            Set(parameters["Breached"], c.Breached);
            Set(parameters["BreachedAt"], Utc(c.BreachedAt));
            Set(parameters["NextCrossingAt"], Utc(c.NextCrossingAt));
            Set(parameters["StoppedAt"], Utc(c.StoppedAt));
            Set(parameters["TargetMinutes"], c.TargetMinutes);
            Set(parameters["EventCount"], c.EventCount);
            Set(parameters["AgreementRevision"], c.AgreementRevision);
            Set(parameters["CalendarId"], Id(c.CalendarId, sqlite));
            Set(parameters["Thresholds"], c.Thresholds);
            Set(parameters["Id"], Id(c.Id, sqlite));
            Set(parameters["Version"], version);
            if (await command.ExecuteNonQueryAsync(ct) == 0)
            {
                stale.Add(c.Id);
            }
        }

        return stale;
    }

    private static void Set(DbParameter parameter, object? value) => parameter.Value = value ?? DBNull.Value;

    // SQLite keeps GUIDs as upper-case text (as EF Core writes them); PostgreSQL as uuid.
    private static object Id(Guid id, bool sqlite) => sqlite ? id.ToString("D").ToUpperInvariant() : id;

    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
