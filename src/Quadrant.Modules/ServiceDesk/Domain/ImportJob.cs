using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.ServiceDesk.Domain;

public enum ImportStatus
{
    Queued = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
    PartiallySucceeded = 5,
    Cancelled = 6,
}

public static class ImportStatuses
{
    public static bool IsFinished(this ImportStatus status) =>
        status is ImportStatus.Succeeded or ImportStatus.Failed or ImportStatus.PartiallySucceeded or ImportStatus.Cancelled;
}

public enum ImportFormat
{
    Csv = 1,
    JsonLines = 2,
}

/// <summary>
/// A bulk import of historical records (incidents; requests plug in as another kind). The uploaded
/// files are kept in <see cref="ImportFile"/> so any node can run it; progress, counts and the lease are
/// saved after every batch. Not hash-chained in the audit trail (its progress would flood it); the
/// records it creates are audited as usual, in the name of the person who uploaded it.
/// </summary>
[NotAuditedEntity]
internal sealed class ImportJob
{
    public const int MaxFileName = 255;
    public const int MaxSource = 50;
    public const int MaxKind = 30;
    public const int MaxError = 2_000;

    private ImportJob()
    {
    }

    public Guid Id { get; private set; }

    public string Kind { get; private set; } = "";

    public ImportFormat Format { get; private set; }

    public string FileName { get; private set; } = "";

    public string? HistoryFileName { get; private set; }

    /// <summary>The source system (e.g. servicenow); external ids are unique per kind and source.</summary>
    public string Source { get; private set; } = "";

    public bool DryRun { get; private set; }

    public bool CreateRequesters { get; private set; }

    /// <summary>The IANA zone for timestamps given without an offset.</summary>
    public string TimeZone { get; private set; } = "UTC";

    public int BatchSize { get; private set; }

    public ImportStatus Status { get; private set; }

    public bool CancelRequested { get; private set; }

    public int TotalRows { get; private set; }

    public int ProcessedRows { get; private set; }

    public int ImportedRows { get; private set; }

    public int SkippedRows { get; private set; }

    public int RejectedRows { get; private set; }

    /// <summary>Valid rows not imported because their batch had a bad row (a real run is all-or-nothing per batch).</summary>
    public int RolledBackRows { get; private set; }

    public int BatchesDone { get; private set; }

    public int BatchesFailed { get; private set; }

    public string? Error { get; private set; }

    public Guid CreatedById { get; private set; }

    public string CreatedByName { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    public string? Node { get; private set; }

    public DateTime? HeartbeatAt { get; private set; }

    public int Version { get; private set; } = 1;

    public bool IsFinished => Status.IsFinished();

    public static ImportJob Queue(string kind, ImportFormat format, string fileName, string? historyFileName, string source, bool dryRun, bool createRequesters,
        string timeZone, int batchSize, Guid by, string byName, DateTime now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            Kind = kind,
            Format = format,
            FileName = Cut(fileName, MaxFileName),
            HistoryFileName = historyFileName is null ? null : Cut(historyFileName, MaxFileName),
            Source = source,
            DryRun = dryRun,
            CreateRequesters = createRequesters,
            TimeZone = timeZone,
            BatchSize = batchSize,
            Status = ImportStatus.Queued,
            CreatedById = by,
            CreatedByName = Cut(byName, 200),
            CreatedAt = now,
        };

    public bool IsClaimable(DateTime leaseExpiredBefore) =>
        Status == ImportStatus.Queued || (Status == ImportStatus.Running && HeartbeatAt < leaseExpiredBefore);

    /// <summary>Takes the run; a run taken over after a lost lease starts again from its saved progress.</summary>
    public void Claim(string node, DateTime now)
    {
        Node = node;
        Status = ImportStatus.Running;
        StartedAt ??= now;
        HeartbeatAt = now;
    }

    public void Counted(int totalRows) => TotalRows = totalRows;

    /// <summary>One batch is done (committed, rolled back, or checked in a dry run).</summary>
    public void Batch(int processed, int imported, int skipped, int rejected, int rolledBack, bool failed, DateTime now)
    {
        ProcessedRows += processed;
        ImportedRows += imported;
        SkippedRows += skipped;
        RejectedRows += rejected;
        RolledBackRows += rolledBack;
        BatchesDone++;
        if (failed)
        {
            BatchesFailed++;
        }

        HeartbeatAt = now;
    }

    public void RequestCancel(DateTime now)
    {
        if (Status == ImportStatus.Queued)
        {
            Status = ImportStatus.Cancelled;
            FinishedAt = now;
        }
        else
        {
            CancelRequested = true;
        }
    }

    public void Finish(DateTime now)
    {
        Status = CancelRequested ? ImportStatus.Cancelled
            : RejectedRows == 0 && RolledBackRows == 0 ? ImportStatus.Succeeded
            : ImportedRows > 0 || (DryRun && ProcessedRows > RejectedRows) ? ImportStatus.PartiallySucceeded
            : ImportStatus.Failed;
        FinishedAt = now;
        HeartbeatAt = now;
    }

    public void Fail(string error, DateTime now)
    {
        Status = ImportedRows > 0 ? ImportStatus.PartiallySucceeded : ImportStatus.Failed;
        Error = Cut(error, MaxError);
        FinishedAt = now;
        HeartbeatAt = now;
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}

/// <summary>The uploaded content of an import (the main file, and for CSV an optional history file).</summary>
[NotAuditedEntity]
internal sealed class ImportFile
{
    private ImportFile()
    {
    }

    public Guid ImportId { get; private set; }

    public byte[] Content { get; private set; } = [];

    public byte[]? HistoryContent { get; private set; }

    public static ImportFile Create(Guid importId, byte[] content, byte[]? history) => new() { ImportId = importId, Content = content, HistoryContent = history };
}

/// <summary>One problem with one row: the line, the field as the file names it, and why.</summary>
[NotAuditedEntity]
internal sealed class ImportRejection
{
    public const int MaxField = 100;
    public const int MaxReason = 1_000;
    public const int MaxExternalId = 100;

    private ImportRejection()
    {
    }

    public Guid Id { get; private set; }

    public Guid ImportId { get; private set; }

    public int Line { get; private set; }

    public string? ExternalId { get; private set; }

    public string Field { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public static ImportRejection Create(Guid importId, int line, string? externalId, string field, string reason, DateTime now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            ImportId = importId,
            Line = line,
            ExternalId = externalId is null ? null : Cut(externalId, MaxExternalId),
            Field = Cut(field, MaxField),
            Reason = Cut(reason, MaxReason),
        };

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}

/// <summary>
/// A record created by an import, under its external id: (kind, source, external id) is unique, so a
/// second import of the same external id is skipped, never duplicated.
/// </summary>
[NotAuditedEntity]
internal sealed class ImportedRecord
{
    public const int MaxExternalId = 100;

    private ImportedRecord()
    {
    }

    public string Kind { get; private set; } = "";

    public string Source { get; private set; } = "";

    public string ExternalId { get; private set; } = "";

    public Guid RecordId { get; private set; }

    public string Reference { get; private set; } = "";

    public Guid ImportId { get; private set; }

    public int Line { get; private set; }

    public DateTime ImportedAt { get; private set; }

    public static ImportedRecord Create(string kind, string source, string externalId, Guid recordId, string reference, Guid importId, int line, DateTime now) =>
        new() { Kind = kind, Source = source, ExternalId = externalId, RecordId = recordId, Reference = reference, ImportId = importId, Line = line, ImportedAt = now };
}
