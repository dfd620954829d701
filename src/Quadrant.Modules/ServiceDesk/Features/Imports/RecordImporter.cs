using System.Globalization;
using NodaTime;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Imports;

/// <summary>What one import run knows while it maps rows: who runs it, for which source system, how.</summary>
/// <param name="Zone">Zone for timestamps written without an offset.</param>
/// <param name="Now">The instant the batch is checked; nothing may happen after it.</param>
internal sealed record ImportContext(Guid ImportId, string Kind, string Source, bool DryRun, bool CreateRequesters, DateTimeZone Zone, Guid ActorId, string ActorName, DateTime Now);

/// <summary>
/// A kind of record an import creates (incidents today; requests join as a second implementation). The
/// runner owns files, batches, transactions, progress and idempotency; a kind maps rows to its records:
/// <see cref="PrepareAsync"/> looks up everything a batch refers to in bulk, <see cref="IImportBatch.Validate"/>
/// checks one row against the kind's own domain rules, <see cref="IImportBatch.ApplyAsync"/> writes the valid
/// rows into the unit of work. Register an implementation as <c>IRecordImporter</c> in the module's services.
/// </summary>
internal interface IRecordImporter
{
    /// <summary>The name clients send as <c>kind</c> (e.g. "incidents").</summary>
    string Kind { get; }

    /// <summary>Columns a CSV upload must have (normalized names, e.g. "externalid").</summary>
    IReadOnlyList<string> RequiredColumns { get; }

    Task<IImportBatch> PrepareAsync(IReadOnlyList<ImportRow> rows, ImportContext context, CancellationToken ct);
}

internal interface IImportBatch
{
    /// <summary>True when the row's external id was imported by an earlier run (same kind and source): it is skipped.</summary>
    bool AlreadyImported(ImportRow row);

    /// <summary>Every problem of the row (none: it can be imported). Does not touch the database.</summary>
    Task<IReadOnlyList<RowProblem>> ValidateAsync(ImportRow row, CancellationToken ct);

    /// <summary>
    /// Creates the records of these (valid) rows in the caller's transaction and saves; returns the
    /// record created for each row. Throwing rolls the batch back.
    /// </summary>
    Task<IReadOnlyList<ImportedRecord>> ApplyAsync(IReadOnlyList<ImportRow> rows, CancellationToken ct);
}

/// <summary>Readers of the text values of an import row, shared by the kinds.</summary>
internal static class ImportValues
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm",
    ];

    /// <summary>
    /// An instant: ISO 8601 with an offset or Z (<c>2026-03-02T09:15:00+01:00</c>), or a local date and time
    /// (<c>2026-03-02 09:15:00</c>) read in the import's zone (a time skipped by a clock change moves forward;
    /// a repeated one takes the earlier). Truncated to microseconds, as instants are stored.
    /// </summary>
    public static bool TryInstant(string? text, DateTimeZone zone, out DateTime utc, out string problem)
    {
        utc = default;
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "A timestamp is required.";
            return false;
        }

        text = text.Trim();
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 19 && (text[^6] is '+' or '-') && text[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var offset) && text.Length >= 16)
        {
            utc = Clock.Truncate(offset.UtcDateTime);
            return true;
        }

        if (!hasOffset && DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            utc = Clock.Truncate(LocalDateTime.FromDateTime(local).InZoneLeniently(zone).ToDateTimeUtc());
            return true;
        }

        problem = $"'{Short(text)}' is not a timestamp; write 2026-03-02T09:15:00Z, 2026-03-02T09:15:00+01:00, or 2026-03-02 09:15:00 (read in the import's time zone).";
        return false;
    }

    public static bool IsEmail(string text) =>
        text.Length <= 254 && text.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < text.Length - 1 && !text.Any(char.IsWhiteSpace);

    public static bool TryBool(string? text, bool fallback, out bool value)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        switch (ImportFiles.Normalize(text))
        {
            case "true" or "yes" or "1" or "public":
                value = true;
                return true;
            case "false" or "no" or "0" or "private" or "worknote":
                value = false;
                return true;
            default:
                return false;
        }
    }

    public static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
