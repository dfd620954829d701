using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quadrant.Modules.Common.Jobs;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Mail.Domain;
using Quadrant.Modules.Mail.Sending;

namespace Quadrant.Modules.Mail.Receiving;

/// <summary>
/// Polls each enabled mailbox when its interval has passed. A node leases the mailbox first (a
/// conditional update), so two nodes never poll one mailbox at once. Unseen mail is read oldest
/// first; each mail's UID is recorded with what was done, in the transaction that does it, so a
/// restart never acts on a mail twice. Processed mail is moved to the processed folder (or flagged
/// \Seen). A mail that cannot be read, has no sender or is too large is recorded as failed and the
/// poller goes on with the next.
/// </summary>
internal sealed partial class MailboxPollerJob(IServiceScopeFactory scopes, TimeProvider time, JobMetrics metrics, MailOptions options, ILogger<MailboxPollerJob> logger)
    : RecurringJob(scopes, time, metrics, logger)
{
    private static readonly TimeSpan LeaseFor = TimeSpan.FromMinutes(10);
    private readonly TimeProvider clock = time;

    protected override string Name => "mail-poller";

    protected override TimeSpan Interval => options.PollInterval;

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<QuadrantDbContext>();
        var now = clock.UtcNow();
        var due = (await db.Set<Mailbox>().AsNoTracking().Where(m => m.Enabled).ToListAsync(ct))
            .Where(m => m.LastPolledAt is null || m.LastPolledAt.Value.AddSeconds(m.PollSeconds) <= now)
            .ToList();
        var processed = 0;
        foreach (var mailbox in due)
        {
            var leased = await db.Set<Mailbox>().Where(m => m.Id == mailbox.Id && (m.LeaseUntil == null || m.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, now + LeaseFor), ct);
            if (leased == 0)
            {
                continue; // another node polls it
            }

            string? error = null;
            try
            {
                processed += await PollAsync(services, mailbox, ct);
            }
#pragma warning disable CA1031 // a mailbox that cannot be reached is recorded on it; the others are polled
            catch (Exception e) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
            {
                error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                LogMailboxFailed(logger, e, mailbox.Name);
            }

            var polled = clock.UtcNow();
            await db.Set<Mailbox>().Where(m => m.Id == mailbox.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, (DateTime?)null).SetProperty(m => m.LastPolledAt, polled).SetProperty(m => m.LastError, error), ct);
        }

        return processed;
    }

    private async Task<int> PollAsync(IServiceProvider services, Mailbox mailbox, CancellationToken ct)
    {
        using var client = new ImapClient { Timeout = 60_000 };
        await client.ConnectAsync(mailbox.Host, mailbox.Port, SmtpMailer.Socket(mailbox.Security), ct);
        await client.AuthenticateAsync(mailbox.User, mailbox.Password, ct);
        var folder = await client.GetFolderAsync(mailbox.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        IMailFolder? done = string.IsNullOrWhiteSpace(mailbox.ProcessedFolder) ? null : await client.GetFolderAsync(mailbox.ProcessedFolder, ct);
        var unseen = await folder.SearchAsync(SearchQuery.NotSeen, ct);
        var count = 0;
        if (unseen.Count > 0)
        {
            var summaries = await folder.FetchAsync(unseen, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, ct);
            foreach (var summary in summaries.OrderBy(s => s.UniqueId.Id))
            {
                await HandleAsync(services, mailbox, folder, summary, ct);
                if (done is not null)
                {
                    await folder.MoveToAsync(summary.UniqueId, done, ct);
                }
                else
                {
                    await folder.AddFlagsAsync(summary.UniqueId, MessageFlags.Seen, true, ct);
                }

                count++;
            }
        }

        await client.DisconnectAsync(true, ct);
        return count;
    }

    private async Task HandleAsync(IServiceProvider services, Mailbox mailbox, IMailFolder folder, IMessageSummary summary, CancellationToken ct)
    {
        var uidValidity = (long)folder.UidValidity;
        var uid = (long)summary.UniqueId.Id;
        // Each mail gets a fresh scope (a fresh unit of work), so one mail's failure cannot leak into the next.
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Common.Identity.ActorContext>().SetSystem("job:mail-poller");
        var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
        if (await db.Set<InboundMessage>().AnyAsync(m => m.MailboxId == mailbox.Id && m.UidValidity == uidValidity && m.Uid == uid, ct))
        {
            return; // processed before a restart; only the move/flag was left to do
        }

        var now = clock.UtcNow();
        if (summary.Size is { } size && size > options.MaxMessageBytes)
        {
            db.Add(InboundMessage.Create(mailbox.Id, uidValidity, uid, null, "", "", InboundOutcome.Failed,
                $"too large: {size} bytes (limit {options.MaxMessageBytes})", null, now));
            await db.SaveChangesAsync(ct);
            return;
        }

        try
        {
            var message = await folder.GetMessageAsync(summary.UniqueId, ct);
            var record = await scope.ServiceProvider.GetRequiredService<InboundProcessor>().ProcessAsync(mailbox, uidValidity, uid, message, ct);
            LogProcessed(logger, mailbox.Name, uid, record.Outcome, record.Detail);
        }
#pragma warning disable CA1031 // a mail that cannot be parsed or processed is recorded as failed; the poller goes on
        catch (Exception e) when (!ct.IsCancellationRequested && e is not IOException and not ImapProtocolException)
#pragma warning restore CA1031
        {
            LogMailFailed(logger, e, mailbox.Name, uid);
            db.ChangeTracker.Clear();
            db.Add(InboundMessage.Create(mailbox.Id, uidValidity, uid, null, "", "", InboundOutcome.Failed,
                "could not be processed: " + e.Message, null, clock.UtcNow()));
            await db.SaveChangesAsync(ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox {Mailbox} could not be polled")]
    private static partial void LogMailboxFailed(ILogger logger, Exception exception, string mailbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox {Mailbox}: mail UID {Uid} could not be processed")]
    private static partial void LogMailFailed(ILogger logger, Exception exception, string mailbox, long uid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mailbox {Mailbox}: mail UID {Uid} {Outcome}: {Detail}")]
    private static partial void LogProcessed(ILogger logger, string mailbox, long uid, InboundOutcome outcome, string detail);
}
