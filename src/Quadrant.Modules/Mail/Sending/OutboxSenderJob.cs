using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quadrant.Modules.Common.Jobs;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Mail.Domain;

namespace Quadrant.Modules.Mail.Sending;

/// <summary>
/// Sends due outbox rows. Safe on several nodes: rows are claimed first (PostgreSQL: FOR UPDATE SKIP
/// LOCKED; SQLite: a conditional update, the database has one writer) and a claim expires after five
/// minutes, so a node that died mid-send leaves its rows to the next run. A failed attempt is retried
/// with exponential backoff; a 5xx answer or the last attempt marks the row failed (visible and
/// retryable on the outbox page).
/// </summary>
internal sealed partial class OutboxSenderJob(IServiceScopeFactory scopes, TimeProvider time, JobMetrics metrics, MailOptions options, ILogger<OutboxSenderJob> logger)
    : RecurringJob(scopes, time, metrics, logger)
{
    private const int BatchSize = 50;
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);
    private readonly TimeProvider clock = time;

    protected override string Name => "mail-outbox";

    protected override TimeSpan Interval => options.SendInterval;

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<QuadrantDbContext>();
        var settings = await services.GetRequiredService<MailSettingsStore>().LoadAsync(ct);
        if (!settings.Enabled || string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            return 0;
        }

        var processed = 0;
        while (!ct.IsCancellationRequested)
        {
            var now = clock.UtcNow();
            var claimed = await ClaimAsync(db, now, ct);
            if (claimed.Count == 0)
            {
                break;
            }

            processed += await SendAsync(db, settings, claimed, ct);
        }

        return processed;
    }

    private async Task<int> SendAsync(QuadrantDbContext db, MailSettings settings, List<Guid> claimed, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var rows = await db.Set<OutboxMessage>().Where(m => claimed.Contains(m.Id)).OrderBy(m => m.CreatedAt).ToListAsync(ct);
        SmtpClient? client = null;
        try
        {
            foreach (var row in rows)
            {
                try
                {
                    client ??= await SmtpMailer.ConnectAsync(settings, ct);
                    await client.SendAsync(SmtpMailer.Build(row, settings), ct);
                    row.MarkSent(clock.UtcNow());
                }
#pragma warning disable CA1031 // every failure is recorded on the row; the batch goes on
                catch (Exception e) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    var permanent = SmtpMailer.IsPermanent(e);
                    row.MarkFailed(e.Message, permanent, options.MaxAttempts, clock.UtcNow());
                    LogFailed(logger, row.Id, row.ToAddress, permanent, e.Message);
                    if (e is not SmtpCommandException)
                    {
                        client?.Dispose();
                        client = null; // reconnect for the next message
                    }
                }

                await db.SaveChangesAsync(ct);
            }
        }
        finally
        {
            if (client is not null)
            {
                try
                {
                    await client.DisconnectAsync(true, ct);
                }
#pragma warning disable CA1031 // a failed QUIT changes nothing: the messages are sent
                catch (Exception)
#pragma warning restore CA1031
                {
                }

                client.Dispose();
            }
        }

        return rows.Count;
    }

    /// <summary>Claims up to a batch of due rows for this node.</summary>
    internal static async Task<List<Guid>> ClaimAsync(QuadrantDbContext db, DateTime now, CancellationToken ct)
    {
        var until = now + ClaimFor;
        if (db.IsPostgres)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var ids = await db.Database.SqlQuery<Guid>(
                $"""
                 SELECT "Id" AS "Value" FROM mail_outbox
                 WHERE ("Status" = {(int)OutboxStatus.Queued} AND "NextAttemptAt" <= {now}) OR ("Status" = {(int)OutboxStatus.Sending} AND "ClaimedUntil" < {now})
                 ORDER BY "NextAttemptAt" LIMIT {BatchSize}
                 FOR UPDATE SKIP LOCKED
                 """).ToListAsync(ct);
            if (ids.Count > 0)
            {
                await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.ClaimedUntil, until), ct);
            }

            await transaction.CommitAsync(ct);
            return ids;
        }

        var candidates = await Due(db, now).OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
        var claimed = new List<Guid>();
        foreach (var id in candidates)
        {
            var won = await Due(db, now).Where(m => m.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.ClaimedUntil, until), ct);
            if (won == 1)
            {
                claimed.Add(id);
            }
        }

        return claimed;
    }

    private static IQueryable<OutboxMessage> Due(QuadrantDbContext db, DateTime now) =>
        db.Set<OutboxMessage>().Where(m => (m.Status == OutboxStatus.Queued && m.NextAttemptAt <= now) ||
                                           (m.Status == OutboxStatus.Sending && m.ClaimedUntil < now));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MessageId} to {Address} failed (permanent: {Permanent}): {Error}")]
    private static partial void LogFailed(ILogger logger, Guid messageId, string address, bool permanent, string error);
}
