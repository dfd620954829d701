using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Mail.Domain;
using Quadrant.Modules.Mail.Features.MailSettingsFeature;

namespace Quadrant.Modules.Mail.Features.MailQueue;

public sealed record OutboxView(Guid Id, string TemplateKey, string ToAddress, string Subject, string? Reference, OutboxStatus Status, int Attempts,
    DateTime NextAttemptAt, string? LastError, DateTime CreatedAt, DateTime? SentAt, string MessageId);

public sealed record InboundView(Guid Id, Guid MailboxId, long Uid, string? MessageId, string FromAddress, string Subject, InboundOutcome Outcome,
    string Detail, string? Reference, DateTime ReceivedAt);

public sealed record MailQueueQuery(string? Status = null, string? Limit = null);

/// <summary>What mail did: the outbox (queued, sent, failed; a failed message can be retried) and the processed incoming mail.</summary>
internal sealed class MailQueueHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<OutboxView>>> Outbox(MailQueueQuery q, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        var check = new Check();
        var statuses = check.Enums<OutboxStatus>(q.Status, "status");
        var limit = check.Numbers(q.Limit, "limit", 1, 500, "a number").FirstOrDefault(100);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var rows = db.Set<OutboxMessage>().AsNoTracking();
        if (statuses.Count > 0)
        {
            rows = rows.Where(m => statuses.Contains(m.Status));
        }

        return await rows.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(limit)
            .Select(m => new OutboxView(m.Id, m.TemplateKey, m.ToAddress, m.Subject, m.Reference, m.Status, m.Attempts, m.NextAttemptAt, m.LastError,
                m.CreatedAt, m.SentAt, m.MessageId))
            .ToListAsync(ct);
    }

    public async Task<Outcome<OutboxView>> Retry(Guid id, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        var m = await db.Set<OutboxMessage>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null)
        {
            return Problem.NotFound("outbox message", id);
        }

        m.Retry(time.UtcNow());
        await db.SaveChangesAsync(ct);
        return new OutboxView(m.Id, m.TemplateKey, m.ToAddress, m.Subject, m.Reference, m.Status, m.Attempts, m.NextAttemptAt, m.LastError, m.CreatedAt,
            m.SentAt, m.MessageId);
    }

    public async Task<Outcome<IReadOnlyList<InboundView>>> Inbound(MailQueueQuery q, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(MailAccess.Admins))
        {
            return MailAccess.Forbidden();
        }

        var check = new Check();
        var outcomes = check.Enums<InboundOutcome>(q.Status, "status");
        var limit = check.Numbers(q.Limit, "limit", 1, 500, "a number").FirstOrDefault(100);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var rows = db.Set<InboundMessage>().AsNoTracking();
        if (outcomes.Count > 0)
        {
            rows = rows.Where(m => outcomes.Contains(m.Outcome));
        }

        return await rows.OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id).Take(limit)
            .Select(m => new InboundView(m.Id, m.MailboxId, m.Uid, m.MessageId, m.FromAddress, m.Subject, m.Outcome, m.Detail, m.Reference, m.ReceivedAt))
            .ToListAsync(ct);
    }
}

internal static class MailQueueEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/mail/outbox", async ([AsParameters] MailQueueQuery q, MailQueueHandler h, CancellationToken ct) => (await h.Outbox(q, ct)).Map(Results.Ok))
            .WithName("ListOutbox").WithTags("Mail").WithSummary("Outgoing mail, newest first (status=queued,sending,sent,failed; limit ≤ 500)")
            .Produces<IReadOnlyList<OutboxView>>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/mail/outbox/{id:guid}/retry", async (Guid id, MailQueueHandler h, CancellationToken ct) => (await h.Retry(id, ct)).Map(Results.Ok))
            .WithName("RetryOutboxMessage").WithTags("Mail").WithSummary("Queue a failed message again")
            .Produces<OutboxView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/mail/inbound", async ([AsParameters] MailQueueQuery q, MailQueueHandler h, CancellationToken ct) => (await h.Inbound(q, ct)).Map(Results.Ok))
            .WithName("ListInboundMail").WithTags("Mail").WithSummary("Processed incoming mail with what was done, newest first (status=created,commented,ignored,rejected,failed)")
            .Produces<IReadOnlyList<InboundView>>().ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
