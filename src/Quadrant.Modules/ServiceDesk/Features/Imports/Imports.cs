using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Imports;

public sealed record ImportView(
    Guid Id,
    string Kind,
    string Format,
    string FileName,
    string? HistoryFileName,
    string Source,
    bool DryRun,
    bool CreateRequesters,
    string TimeZone,
    int BatchSize,
    ImportStatus Status,
    bool CancelRequested,
    int TotalRows,
    int ProcessedRows,
    int ImportedRows,
    int SkippedRows,
    int RejectedRows,
    int RolledBackRows,
    int ValidRows,
    int BatchesDone,
    int BatchesFailed,
    double Percent,
    string? Error,
    Guid CreatedById,
    string CreatedByName,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int Version);

public sealed record ImportRejectionView(Guid Id, int Line, string? ExternalId, string Field, string Reason);

public sealed record ImportedRecordView(Guid RecordId, string Reference, string ExternalId, int Line);

/// <summary>An upload: the files as bytes, and the choices made with them.</summary>
public sealed record ImportUpload(
    string? FileName,
    byte[]? Content,
    string? HistoryFileName,
    byte[]? HistoryContent,
    string? Kind,
    string? Format,
    string? Source,
    bool DryRun,
    string? UnknownRequesters,
    string? TimeZone,
    int? BatchSize);

/// <summary>Uploads, reads and cancels imports. ServiceDeskAdmins (ProcessOwner, SmsManager, Admin) only.</summary>
internal sealed partial class ImportsHandler(QuadrantDbContext db, IEnumerable<IRecordImporter> importers, ImportOptions options, ActorContext actor, TimeProvider time)
{
    public const int MaxBatchSize = 5_000;

    internal static readonly Keyset<ImportJob> Jobs = new Keyset<ImportJob>(j => j.Id, "-createdAt").Sort("createdAt", j => j.CreatedAt);

    internal static readonly Keyset<ImportRejection> Rejections = new Keyset<ImportRejection>(r => r.Id, "line").Sort("line", r => r.Line);

    internal static readonly Keyset<ImportedRecord> Records = new Keyset<ImportedRecord>(r => r.RecordId, "line").Sort("line", r => r.Line);

    private static Problem Refused() => Problem.Forbidden("Imports need the ProcessOwner, SmsManager or Admin role.");

    public async Task<Outcome<ImportView>> UploadAsync(ImportUpload upload, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ServiceDeskAdmins) || actor.UserId is not { } me)
        {
            return Refused();
        }

        var kinds = importers.Select(i => i.Kind).ToList();
        var kind = string.IsNullOrWhiteSpace(upload.Kind) ? "incidents" : upload.Kind.Trim();
        var formatText = (upload.Format ?? FormatFromName(upload.FileName))?.Trim().ToLowerInvariant();
        ImportFormat? format = formatText switch
        {
            "csv" => ImportFormat.Csv,
            "jsonl" or "ndjson" or "jsonlines" => ImportFormat.JsonLines,
            _ => null,
        };
        var requesters = (upload.UnknownRequesters ?? "reject").Trim().ToLowerInvariant();
        var zone = string.IsNullOrWhiteSpace(upload.TimeZone) ? "UTC" : upload.TimeZone.Trim();
        var check = new Check()
            .That(upload.Content is { Length: > 0 }, "file", "Upload a non-empty file (CSV or JSON lines).")
            .That(kinds.Contains(kind), "kind", $"'kind' must be one of {string.Join(", ", kinds)}.")
            .That(format is not null, "format", "'format' must be csv or jsonl (or name the file .csv / .jsonl).")
            .Required("source", upload.Source, ImportJob.MaxSource)
            .That(upload.Source is null || SourcePattern().IsMatch(upload.Source.Trim()), "source", "'source' names the system the records come from, in letters, digits, '-', '_' or '.' (e.g. servicenow).")
            .That(requesters is "reject" or "create", "unknownRequesters", "'unknownRequesters' must be reject or create.")
            .That(DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is not null, "timeZone", $"'{zone}' is not an IANA time zone (e.g. Europe/Berlin).")
            .That(upload.BatchSize is null or (>= 1 and <= MaxBatchSize), "batchSize", $"'batchSize' must be 1 to {MaxBatchSize}.")
            .That(upload.HistoryContent is null || format != ImportFormat.JsonLines, "historyFile", "A history file goes with CSV; JSON lines carry the history in each line.");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var now = time.UtcNow();
        var job = ImportJob.Queue(kind, format!.Value, upload.FileName ?? "upload", upload.HistoryContent is null ? null : upload.HistoryFileName ?? "history",
            upload.Source!.Trim(), upload.DryRun, requesters == "create", zone, upload.BatchSize ?? options.DefaultBatchSize, me, actor.Name, now);
        db.Add(job);
        db.Add(ImportFile.Create(job.Id, upload.Content!, upload.HistoryContent));
        await db.SaveChangesAsync(ct);
        return ToView(job);
    }

    public async Task<Outcome<Page<ImportView>>> ListAsync(string? limit, string? cursor, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ServiceDeskAdmins))
        {
            return Refused();
        }

        var page = Jobs.Parse(limit, null, cursor);
        return page.Succeeded ? await Jobs.ToPageAsync(db.Set<ImportJob>().AsNoTracking(), page.Value!, ToView, ct) : page.Problem!;
    }

    public async Task<Outcome<ImportView>> GetAsync(Guid id, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ServiceDeskAdmins))
        {
            return Refused();
        }

        var job = await db.Set<ImportJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
        return job is null ? Problem.NotFound("import", id) : ToView(job);
    }

    public async Task<Outcome<Page<ImportRejectionView>>> RejectionsAsync(Guid id, string? limit, string? cursor, CancellationToken ct)
    {
        if (await GetAsync(id, ct) is { Succeeded: false } missing)
        {
            return missing.Problem!;
        }

        var page = Rejections.Parse(limit, null, cursor);
        return page.Succeeded
            ? await Rejections.ToPageAsync(db.Set<ImportRejection>().AsNoTracking().Where(r => r.ImportId == id), page.Value!,
                r => new ImportRejectionView(r.Id, r.Line, r.ExternalId, r.Field, r.Reason), ct)
            : page.Problem!;
    }

    public async Task<Outcome<string>> RejectionsCsvAsync(Guid id, CancellationToken ct)
    {
        if (await GetAsync(id, ct) is { Succeeded: false } missing)
        {
            return missing.Problem!;
        }

        var text = new StringBuilder("line,externalId,field,reason\r\n");
        await foreach (var r in db.Set<ImportRejection>().AsNoTracking().Where(r => r.ImportId == id).OrderBy(r => r.Line).ThenBy(r => r.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            text.Append(r.Line).Append(',').Append(Cell(r.ExternalId)).Append(',').Append(Cell(r.Field)).Append(',').Append(Cell(r.Reason)).Append("\r\n");
        }

        return text.ToString();
    }

    public async Task<Outcome<Page<ImportedRecordView>>> RecordsAsync(Guid id, string? limit, string? cursor, CancellationToken ct)
    {
        if (await GetAsync(id, ct) is { Succeeded: false } missing)
        {
            return missing.Problem!;
        }

        var page = Records.Parse(limit, null, cursor);
        return page.Succeeded
            ? await Records.ToPageAsync(db.Set<ImportedRecord>().AsNoTracking().Where(r => r.ImportId == id), page.Value!,
                r => new ImportedRecordView(r.RecordId, r.Reference, r.ExternalId, r.Line), ct)
            : page.Problem!;
    }

    public async Task<Outcome<ImportView>> CancelAsync(Guid id, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ServiceDeskAdmins))
        {
            return Refused();
        }

        var job = await db.Set<ImportJob>().FirstOrDefaultAsync(j => j.Id == id, ct);
        if (job is null)
        {
            return Problem.NotFound("import", id);
        }

        if (job.IsFinished)
        {
            return Problem.Conflict($"The import has already finished ({job.Status}).", null, "import.finished");
        }

        if (job.Status == ImportStatus.Queued)
        {
            job.RequestCancel(time.UtcNow());
            try
            {
                await db.SaveChangesAsync(ct);
                return ToView(job);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear(); // a node claimed it meanwhile: ask the run to stop instead
            }
        }

        // The running node checks the flag between batches; the flag alone does not bump the run's version.
        await db.Set<ImportJob>().Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), ct);
        return ToView(await db.Set<ImportJob>().AsNoTracking().FirstAsync(j => j.Id == id, ct));
    }

    public static ImportView ToView(ImportJob j) =>
        new(j.Id, j.Kind, j.Format == ImportFormat.Csv ? "csv" : "jsonl", j.FileName, j.HistoryFileName, j.Source, j.DryRun, j.CreateRequesters, j.TimeZone, j.BatchSize,
            j.Status, j.CancelRequested, j.TotalRows, j.ProcessedRows, j.ImportedRows, j.SkippedRows, j.RejectedRows, j.RolledBackRows,
            j.ProcessedRows - j.RejectedRows - j.SkippedRows - j.RolledBackRows, j.BatchesDone, j.BatchesFailed,
            j.TotalRows == 0 ? (j.IsFinished ? 100 : 0) : Math.Round(100.0 * j.ProcessedRows / j.TotalRows, 1),
            j.Error, j.CreatedById, j.CreatedByName, j.CreatedAt, j.StartedAt, j.FinishedAt, j.Version);

    private static string? FormatFromName(string? name) => Path.GetExtension(name ?? "").ToLowerInvariant() switch
    {
        ".csv" => "csv",
        ".jsonl" or ".ndjson" => "jsonl",
        _ => null,
    };

    /// <summary>A CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe.</summary>
    private static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,50}$")]
    private static partial Regex SourcePattern();
}

internal static class ImportsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/imports", UploadAsync)
            .WithName("UploadImport")
            .WithTags("Imports")
            .WithSummary("Upload historical records (CSV or JSON lines) to import, or to check in a dry run; runs in the background")
            .WithDescription("multipart/form-data: file, historyFile (CSV only), kind (incidents), format (csv|jsonl; from the file name if absent), source (the system the records come from), dryRun (true|false), unknownRequesters (reject|create), timeZone (for timestamps without offset; default UTC), batchSize (1–5000, default 500). 202 with the import; 413 beyond the size limit.")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ImportView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/imports", async (string? limit, string? cursor, ImportsHandler handler, CancellationToken ct) =>
                (await handler.ListAsync(limit, cursor, ct)).Map(Results.Ok))
            .WithName("ListImports").WithTags("Imports").WithSummary("Imports, newest first (keyset-paged)")
            .Produces<Page<ImportView>>().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/imports/{id:guid}", async (Guid id, ImportsHandler handler, CancellationToken ct) =>
                (await handler.GetAsync(id, ct)).Map(Results.Ok))
            .WithName("GetImport").WithTags("Imports").WithSummary("An import's status, progress and counts")
            .Produces<ImportView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/imports/{id:guid}/rejections", async (Guid id, string? limit, string? cursor, ImportsHandler handler, CancellationToken ct) =>
                (await handler.RejectionsAsync(id, limit, cursor, ct)).Map(Results.Ok))
            .WithName("ListImportRejections").WithTags("Imports").WithSummary("Every problem found, by line (keyset-paged)")
            .Produces<Page<ImportRejectionView>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/imports/{id:guid}/rejections.csv", async (Guid id, ImportsHandler handler, CancellationToken ct) =>
                (await handler.RejectionsCsvAsync(id, ct)).Map(text => Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(),
                    "text/csv; charset=utf-8", $"import-{id}-rejections.csv")))
            .WithName("DownloadImportRejections").WithTags("Imports").WithSummary("The problems as CSV (line, externalId, field, reason)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/imports/{id:guid}/records", async (Guid id, string? limit, string? cursor, ImportsHandler handler, CancellationToken ct) =>
                (await handler.RecordsAsync(id, limit, cursor, ct)).Map(Results.Ok))
            .WithName("ListImportedRecords").WithTags("Imports").WithSummary("The records an import created (reference, id, external id), by line")
            .Produces<Page<ImportedRecordView>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/imports/{id:guid}/cancel", async (Guid id, ImportsHandler handler, CancellationToken ct) =>
                (await handler.CancelAsync(id, ct)).Map(Results.Ok))
            .WithName("CancelImport").WithTags("Imports").WithSummary("Cancel a queued import, or stop a running one after its current batch (committed batches stay)")
            .Produces<ImportView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> UploadAsync(HttpContext http, ImportsHandler handler, ImportOptions options, ActorContext actor, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ServiceDeskAdmins))
        {
            return Problem.Forbidden("Imports need the ProcessOwner, SmsManager or Admin role.").ToResult();
        }

        if (http.Request.ContentLength > options.MaxUploadBytes + 64 * 1024)
        {
            return TooLarge(options);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxUploadBytes + 64 * 1024;
        }

        if (!http.Request.HasFormContentType)
        {
            return Problem.Invalid("file", "Send multipart/form-data with the file in the 'file' field.").ToResult();
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = options.MaxUploadBytes + 64 * 1024 }, ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? TooLarge(options)
                : Problem.Invalid("file", $"The upload cannot be read: {e.Message}").ToResult();
        }

        var file = form.Files.GetFile("file");
        var history = form.Files.GetFile("historyFile");
        if ((file?.Length ?? 0) + (history?.Length ?? 0) > options.MaxUploadBytes)
        {
            return TooLarge(options);
        }

        var dryRun = form["dryRun"].ToString();
        int? batchSize = int.TryParse(form["batchSize"].ToString(), out var b) ? b : string.IsNullOrWhiteSpace(form["batchSize"]) ? null : -1;
        var upload = new ImportUpload(file?.FileName, file is null ? null : await ReadAsync(file, ct), history?.FileName, history is null ? null : await ReadAsync(history, ct),
            form["kind"].ToString(), NullIfEmpty(form["format"].ToString()), NullIfEmpty(form["source"].ToString()),
            dryRun.Equals("true", StringComparison.OrdinalIgnoreCase) || dryRun == "on" || dryRun == "1",
            NullIfEmpty(form["unknownRequesters"].ToString()), NullIfEmpty(form["timeZone"].ToString()), batchSize);
        return (await handler.UploadAsync(upload, ct)).Map(v => Results.Accepted($"/api/v1/imports/{v.Id}", v));
    }

    private static IResult TooLarge(ImportOptions options) =>
        new Problem(StatusCodes.Status413PayloadTooLarge, "The upload is too large.",
            $"An import takes at most {options.MaxUploadBytes / (1024 * 1024.0):0.#} MiB; split the file into several imports.",
            new Dictionary<string, string[]> { ["file"] = [$"At most {options.MaxUploadBytes} bytes."] }).ToResult();

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        using var memory = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
        await stream.CopyToAsync(memory, ct);
        return memory.ToArray();
    }
}
