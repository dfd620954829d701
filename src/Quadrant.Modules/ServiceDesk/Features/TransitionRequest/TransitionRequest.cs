using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Domain.Requests;
using Quadrant.Modules.ServiceDesk.Features.RequestShared;

namespace Quadrant.Modules.ServiceDesk.Features.TransitionRequest;

public sealed record RequestTransitionBody(RequestStatus? To, string? Note);

public sealed record RequestPriorityBody(int? Priority);

/// <summary>
/// The moves people make: staff fulfil (when no task is open), close and cancel; the requester cancels
/// before fulfilment and closes a fulfilled request. Approval, rejection and the start of fulfilment
/// follow from decisions and tasks: asking for them here is 409 naming the allowed moves.
/// </summary>
internal sealed class TransitionRequestHandler(
    QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, ISearchIndex search, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<RequestView>> Handle(Guid id, int expectedVersion, RequestTransitionBody body, CancellationToken ct)
    {
        var check = new Check().Required("to", body.To).MaxLength("note", body.Note, RequestEvent.MaxNote);
        if (body.To is { } t && !Enum.IsDefined(t))
        {
            check.Add("to", "'to' must be fulfilled, closed or cancelled.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var request = await RequestViews.FindAsync(db, actor, id, true, ct);
        if (request is null)
        {
            return Problem.NotFound("request", id);
        }

        var staff = RequestViews.IsStaff(actor);
        var own = request.RequestedForId == actor.UserId || request.RequestedById == actor.UserId;
        if (!staff && (!own || body.To is not (RequestStatus.Cancelled or RequestStatus.Closed)))
        {
            return Problem.Forbidden("Requesters cancel their own requests before fulfilment and close them once fulfilled; the service desk does the rest.");
        }

        if (request.Version != expectedVersion)
        {
            return Problem.StaleVersion(request.Version);
        }

        var now = time.UtcNow();
        var from = request.Status;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(request).Property(r => r.Version).OriginalValue = expectedVersion;
        request.MoveTo(body.To!.Value, string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim(), actor.UserId, now);
        db.AddRange(request.NewEvents);
        await RequestSearch.StageAsync(db, search, request, ct);
        await db.SaveChangesAsync(ct);
        await RequestViews.SyncClocksAsync(clocks, request, from, now, ct);
        await transaction.CommitAsync(ct);
        return await RequestViews.LoadAsync(db, request, actor, catalogue, users, clocks, time, ct);
    }

    public async Task<Outcome<RequestView>> SetPriority(Guid id, int expectedVersion, RequestPriorityBody body, CancellationToken ct)
    {
        if (!RequestViews.IsStaff(actor))
        {
            return Problem.Forbidden("Only the service desk sets a request's priority.");
        }

        var check = new Check().Required("priority", body.Priority)
            .That(body.Priority is null or (>= 1 and <= PriorityMatrix.MaxPriority), "priority", $"'priority' is 1 (highest) to {PriorityMatrix.MaxPriority}.");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var request = await RequestViews.FindAsync(db, actor, id, true, ct);
        if (request is null)
        {
            return Problem.NotFound("request", id);
        }

        if (request.Version != expectedVersion)
        {
            return Problem.StaleVersion(request.Version);
        }

        var now = time.UtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(request).Property(r => r.Version).OriginalValue = expectedVersion;
        var changed = request.SetPriority(body.Priority!.Value, actor.UserId, now);
        db.AddRange(request.NewEvents);
        await db.SaveChangesAsync(ct);
        if (changed && (await clocks.ReadAsync(RequestViews.RecordType, request.Id, now, ct)).Any(c => c.Status is "Running" or "Paused"))
        {
            await clocks.RetargetAsync(RequestViews.RecordType, request.Id, request.Priority, now, ct);
        }

        await transaction.CommitAsync(ct);
        return await RequestViews.LoadAsync(db, request, actor, catalogue, users, clocks, time, ct);
    }
}

internal static class TransitionRequestEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/requests/{id:guid}/transitions", (Guid id, RequestTransitionBody body, TransitionRequestHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, body, ct)).Map(r => Results.Ok(r).WithETag(http, r.Version))))
            .WithName("TransitionRequest").WithTags("Requests")
            .WithSummary("Move a request by hand (requires If-Match): fulfilled (staff, no open task), closed, cancelled (before fulfilment)")
            .WithDescription("submitted → awaitingApproval → approved/rejected → inFulfilment → fulfilled → closed; cancelled before fulfilment. Approval and fulfilment follow from decisions and tasks. 409 request.transition names the allowed moves.")
            .Produces<RequestView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/requests/{id:guid}/priority", (Guid id, RequestPriorityBody body, TransitionRequestHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.SetPriority(id, version, body, ct)).Map(r => Results.Ok(r).WithETag(http, r.Version))))
            .WithName("SetRequestPriority").WithTags("Requests")
            .WithSummary("Set a request's priority (staff, requires If-Match); its SLA clocks take the target of the new priority")
            .Produces<RequestView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }
}
