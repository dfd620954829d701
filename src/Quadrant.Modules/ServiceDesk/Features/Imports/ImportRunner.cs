using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Jobs;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Imports;

/// <summary>Settings of imports (<c>Quadrant:Imports</c>).</summary>
public sealed class ImportOptions
{
    /// <summary>The largest upload accepted (main file and history file together); larger answers 413.</summary>
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How often a node looks for queued imports.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    public int DefaultBatchSize { get; set; } = 500;
}

/// <summary>
/// Runs one import: parses the files, then goes through the rows in batches. A dry run checks every row
/// and stores each problem. A real run writes each batch in one transaction, with the job's progress, so a
/// batch is imported whole or not at all: a batch with a bad row is not written (its bad rows are listed,
/// its good rows counted as rolled back) and the next batch goes on. A row whose external id was imported
/// before (same kind and source) is skipped.
/// </summary>
internal sealed partial class ImportRunner(QuadrantDbContext db, IEnumerable<IRecordImporter> importers, ActorContext actor, TimeProvider time, ILogger<ImportRunner> logger)
{
    public async Task<int> RunAsync(ImportJob job, CancellationToken ct)
    {
        actor.SetUser(job.CreatedById, job.CreatedByName);
        var importer = importers.FirstOrDefault(i => i.Kind == job.Kind);
        var file = await db.Set<ImportFile>().AsNoTracking().FirstOrDefaultAsync(f => f.ImportId == job.Id, ct);
        if (importer is null || file is null)
        {
            job.Fail(importer is null ? $"No importer for '{job.Kind}'." : "The uploaded file is gone.", time.UtcNow());
            await db.SaveChangesAsync(ct);
            return 0;
        }

        var parsed = ImportFiles.Parse(job.Format, file.Content, file.HistoryContent, importer.RequiredColumns);
        var fresh = job.BatchesDone == 0;
        if (fresh)
        {
            job.Counted(parsed.Rows.Count);
            foreach (var p in parsed.FileProblems)
            {
                db.Add(ImportRejection.Create(job.Id, p.Line, p.ExternalId, p.Field, p.Reason, time.UtcNow()));
            }

            if (parsed.Unreadable)
            {
                job.Fail(parsed.FileProblems.FirstOrDefault()?.Reason ?? "The file cannot be read.", time.UtcNow());
                await db.SaveChangesAsync(ct);
                return 0;
            }

            await db.SaveChangesAsync(ct);
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(job.TimeZone) ?? DateTimeZone.Utc;
        var firstSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = parsed.Rows;

        // A run taken over from another node goes on after the rows already counted (each batch committed its progress).
        foreach (var row in rows.Take(job.ProcessedRows))
        {
            if (row.ExternalId is { } id)
            {
                firstSeen.TryAdd(id, row.Line);
            }
        }

        var processed = 0;
        for (var offset = job.ProcessedRows; offset < rows.Count; offset += job.BatchSize)
        {
            if (await db.Set<ImportJob>().AsNoTracking().Where(j => j.Id == job.Id).Select(j => j.CancelRequested).FirstAsync(ct))
            {
                await db.Entry(job).ReloadAsync(ct);
                break;
            }

            var batch = rows.Skip(offset).Take(job.BatchSize).ToList();
            job = await RunBatchAsync(job, importer, batch, zone, firstSeen, ct);
            processed += batch.Count;
            db.ChangeTracker.Clear();
            db.Attach(job);
        }

        job.Finish(time.UtcNow());
        await db.SaveChangesAsync(ct);
        LogFinished(logger, job.Id, job.Status, job.ImportedRows, job.RejectedRows);
        return processed;
    }

    private async Task<ImportJob> RunBatchAsync(ImportJob job, IRecordImporter importer, List<ImportRow> batch, DateTimeZone zone, Dictionary<string, int> firstSeen, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = time.UtcNow();
            var context = new ImportContext(job.Id, job.Kind, job.Source, job.DryRun, job.CreateRequesters, zone, job.CreatedById, job.CreatedByName, now);
            var prepared = await importer.PrepareAsync(batch, context, ct);
            var problems = new List<RowProblem>();
            var valid = new List<ImportRow>();
            var skipped = 0;
            var rejected = 0;
            var seenHere = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in batch)
            {
                var id = row.ExternalId;
                List<RowProblem> rowProblems = [];
                if (id is not null && (firstSeen.TryGetValue(id, out var first) || seenHere.TryGetValue(id, out first)))
                {
                    rowProblems.Add(new RowProblem(row.Line, id, "externalId", $"'{ImportValues.Short(id)}' appears twice in the file (first on line {first})."));
                }
                else if (id is not null && prepared.AlreadyImported(row))
                {
                    skipped++;
                    seenHere[id] = row.Line;
                    continue;
                }
                else
                {
                    rowProblems.AddRange(await prepared.ValidateAsync(row, ct));
                }

                if (id is not null)
                {
                    seenHere.TryAdd(id, row.Line);
                }

                if (rowProblems.Count > 0)
                {
                    rejected++;
                    problems.AddRange(rowProblems);
                }
                else
                {
                    valid.Add(row);
                }
            }

            if (job.DryRun || problems.Count > 0 || valid.Count == 0)
            {
                // Nothing is written but the problems and the progress.
                db.AddRange(problems.Select(p => ImportRejection.Create(job.Id, p.Line, p.ExternalId, p.Field, p.Reason, now)));
                job.Batch(batch.Count, 0, skipped, rejected, job.DryRun ? 0 : valid.Count, !job.DryRun && problems.Count > 0, now);
                await db.SaveChangesAsync(ct);
                Remember(firstSeen, seenHere);
                return job;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                job.Batch(batch.Count, valid.Count, skipped, 0, 0, false, now);
                await prepared.ApplyAsync(valid, ct);
                await transaction.CommitAsync(ct);
                Remember(firstSeen, seenHere);
                return job;
            }
            catch (Exception e) when (e is not OperationCanceledException and not DbUpdateConcurrencyException)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                job = await db.Set<ImportJob>().FirstAsync(j => j.Id == job.Id, ct);
                if (e is DbUpdateException u && DbErrors.IsUniqueViolation(u) && attempt < 3)
                {
                    continue; // a number taken by a concurrent create, or the same external id imported meanwhile: check the batch again
                }

                LogBatchFailed(logger, e, job.Id, batch[0].Line);
                var one = e is ImportRowException;
                var reason = e is ImportRowException r ? r.Problem : new RowProblem(batch[0].Line, batch[0].ExternalId, "batch", $"The batch from line {batch[0].Line} failed and was rolled back: {e.Message}");
                db.Add(ImportRejection.Create(job.Id, reason.Line, reason.ExternalId, reason.Field, reason.Reason, now));
                job.Batch(batch.Count, 0, skipped, one ? 1 : 0, one ? valid.Count - 1 : valid.Count, true, now);
                await db.SaveChangesAsync(ct);
                Remember(firstSeen, seenHere);
                return job;
            }
        }
    }

    private static void Remember(Dictionary<string, int> firstSeen, Dictionary<string, int> seenHere)
    {
        foreach (var (id, line) in seenHere)
        {
            firstSeen.TryAdd(id, line);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} finished: {Status}, {Imported} imported, {Rejected} rejected")]
    private static partial void LogFinished(ILogger logger, Guid importId, ImportStatus status, int imported, int rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId}: the batch from line {Line} failed and was rolled back")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, Guid importId, int line);
}

/// <summary>
/// Takes queued imports (and running ones whose node stopped: lease expired) and runs them, one scope
/// each, in the name of the person who uploaded them. Several nodes may run it: a claim is an optimistic
/// version check, and each batch saves the heartbeat.
/// </summary>
internal sealed partial class ImportWorker(IServiceScopeFactory scopes, TimeProvider time, JobMetrics metrics, ImportOptions options, ILogger<ImportWorker> logger)
    : RecurringJob(scopes, time, metrics, logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly string NodeName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly TimeProvider clock = time;
    private readonly IServiceScopeFactory factory = scopes;

    protected override string Name => "imports";

    protected override TimeSpan Interval => options.Interval;

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var scope = factory.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
            var job = await ClaimAsync(db, ct);
            if (job is null)
            {
                break;
            }

            try
            {
                total += await scope.ServiceProvider.GetRequiredService<ImportRunner>().RunAsync(job, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                LogLostLease(logger, job.Id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e, job.Id);
                db.ChangeTracker.Clear();
                var failed = await db.Set<ImportJob>().FirstAsync(j => j.Id == job.Id, ct);
                failed.Fail(e.Message, clock.UtcNow());
                await db.SaveChangesAsync(ct);
            }
        }

        return total;
    }

    private async Task<ImportJob?> ClaimAsync(QuadrantDbContext db, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var expired = now - Lease;
        var candidates = await db.Set<ImportJob>()
            .Where(j => j.Status == ImportStatus.Queued || (j.Status == ImportStatus.Running && j.HeartbeatAt < expired))
            .OrderBy(j => j.CreatedAt).Take(5).ToListAsync(ct);
        foreach (var job in candidates)
        {
            job.Claim(NodeName, now);
            try
            {
                await db.SaveChangesAsync(ct);
                return job;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId}: another node took it over")]
    private static partial void LogLostLease(ILogger logger, Guid importId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {ImportId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid importId);
}
