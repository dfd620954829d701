using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Domain.Requests;
using Quadrant.Modules.ServiceDesk.Features.RequestShared;

namespace Quadrant.Modules.ServiceDesk.Features.DecideRequest;

public enum DecisionChoice
{
    Approve = 1,
    Reject = 2,
}

public sealed record DecisionBody(DecisionChoice? Decision, string? Comment);

public sealed record PendingApprovalView(
    Guid RequestId, string Reference, string Title, Guid RequestedForId, string? RequestedForName, int Priority, ApprovalMode Mode, int Approved, int Needed,
    DateTime SubmittedAt);

public sealed record MyApprovalsQuery(string? Limit = null, string? Sort = null, string? Cursor = null);

/// <summary>
/// Approval decisions. Only the request's designated approvers decide (anyone else: 403, or 404 when
/// they cannot see the request); each decides once; a rejection needs a comment. Two approvers deciding
/// at the same instant are serialized by the request's version: the loser retries on fresh state.
/// </summary>
internal sealed class DecideRequestHandler(
    QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, ISearchIndex search, ActorContext actor, TimeProvider time)
{
    internal static readonly Keyset<ServiceRequest> Keyset = new Keyset<ServiceRequest>(r => r.Id, "createdAt")
        .Sort("createdAt", r => r.CreatedAt)
        .Sort("priority", r => r.Priority);

    public async Task<Outcome<RequestView>> Decide(Guid id, DecisionBody body, CancellationToken ct)
    {
        var check = new Check().Required("decision", body.Decision).MaxLength("comment", body.Comment, ServiceRequest.MaxComment);
        if (body.Decision is { } d && !Enum.IsDefined(d))
        {
            check.Add("decision", "'decision' must be approve or reject.");
        }

        if (body.Decision == DecisionChoice.Reject)
        {
            check.Required("comment", body.Comment, ServiceRequest.MaxComment);
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        for (var attempt = 1; ; attempt++)
        {
            var request = await RequestViews.FindAsync(db, actor, id, true, ct);
            if (request is null)
            {
                return Problem.NotFound("request", id);
            }

            if (actor.UserId is not { } me || !request.IsApprover(me))
            {
                return Problem.Forbidden($"You are not an approver of {request.Reference}.");
            }

            var now = time.UtcNow();
            var from = request.Status;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            request.Decide(me, body.Decision == DecisionChoice.Approve, body.Comment, now);
            db.AddRange(request.NewEvents);
            await RequestSearch.StageAsync(db, search, request, ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                continue;
            }

            await RequestViews.SyncClocksAsync(clocks, request, from, now, ct);
            await transaction.CommitAsync(ct);
            return await RequestViews.LoadAsync(db, request, actor, catalogue, users, clocks, time, ct);
        }
    }

    /// <summary>The requests waiting for the signed-in user's decision.</summary>
    public async Task<Outcome<Page<PendingApprovalView>>> Mine(MyApprovalsQuery query, CancellationToken ct)
    {
        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var me = actor.UserId ?? Guid.Empty;
        var waiting = db.Set<RequestApproval>().Where(a => a.ApproverId == me && a.Decision == ApprovalDecision.Pending).Select(a => a.RequestId);
        var requests = db.Set<ServiceRequest>().AsNoTracking().Include(r => r.Approvals)
            .Where(r => r.Status == RequestStatus.AwaitingApproval && waiting.Contains(r.Id));
        var result = await Keyset.ToPageAsync(requests, page.Value!, r => r, ct);
        var people = await users.FindManyAsync(result.Items.Select(r => r.RequestedForId).Distinct(), ct);
        return new Page<PendingApprovalView>(result.Items.Select(r =>
        {
            var mode = r.Snapshot().Approval.Mode ?? ApprovalMode.Any;
            return new PendingApprovalView(r.Id, r.Reference, r.Title, r.RequestedForId, people.TryGetValue(r.RequestedForId, out var p) ? p.DisplayName : null,
                r.Priority, mode, r.Approvals.Count(a => a.Decision == ApprovalDecision.Approved), mode == ApprovalMode.All ? r.Approvals.Count : 1, r.CreatedAt);
        }).ToList(), result.NextCursor, result.Limit, result.Sort);
    }
}

internal static class DecideRequestEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/requests/{id:guid}/approvals", async (Guid id, DecisionBody body, DecideRequestHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Decide(id, body, ct)).Map(r => Results.Ok(r).WithETag(http, r.Version)))
            .WithName("DecideRequest").WithTags("Requests")
            .WithSummary("Approve or reject (comment required) as one of the request's approvers; once per approver. Any/all mode decides when the request is approved.")
            .Produces<RequestView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/request-approvals/mine", async ([AsParameters] MyApprovalsQuery query, DecideRequestHandler handler, CancellationToken ct) =>
                (await handler.Mine(query, ct)).Map(Results.Ok))
            .WithName("MyApprovals").WithTags("Requests")
            .WithSummary("Requests waiting for my decision (sort: createdAt, priority)")
            .Produces<Page<PendingApprovalView>>().ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
