using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.ServiceDesk.Domain.Requests;
using Quadrant.Modules.ServiceDesk.Features.RequestShared;

namespace Quadrant.Modules.ServiceDesk.Features.GetRequest;

public sealed record RequestEventView(Guid Id, RequestEventKind Kind, string? From, string? To, string? Note, Guid? ActorId, string? ActorName, DateTime At);

/// <summary>One request and its history. Requesters see their own, approvers those they decide on; others get 404.</summary>
internal sealed class GetRequestHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<RequestView>> Handle(Guid id, CancellationToken ct)
    {
        var request = await RequestViews.FindAsync(db, actor, id, false, ct);
        return request is null ? Problem.NotFound("request", id) : await RequestViews.LoadAsync(db, request, actor, catalogue, users, clocks, time, ct);
    }

    public async Task<Outcome<IReadOnlyList<RequestEventView>>> History(Guid id, CancellationToken ct)
    {
        if (!await RequestViews.Visible(db, actor).AnyAsync(r => r.Id == id, ct))
        {
            return Problem.NotFound("request", id);
        }

        var events = await db.Set<RequestEvent>().AsNoTracking().Where(e => e.RequestId == id).OrderBy(e => e.Sequence).ToListAsync(ct);
        var people = await users.FindManyAsync(events.Select(e => e.ActorId).OfType<Guid>().Distinct(), ct);
        return events.Select(e => new RequestEventView(e.Id, e.Kind, e.From, e.To, e.Note, e.ActorId,
            e.ActorId is { } a && people.TryGetValue(a, out var p) ? p.DisplayName : null, e.At)).ToList();
    }
}

internal static class GetRequestEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/requests/{id:guid}", async (Guid id, GetRequestHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(r => Results.Ok(r).WithETag(http, r.Version)))
            .WithName("GetRequest").WithTags("Requests")
            .WithSummary("One request with answers, approvals, tasks, allowed moves and SLA clocks (requesters: their own; approvers: those they decide on)")
            .Produces<RequestView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/requests/{id:guid}/history", async (Guid id, GetRequestHandler handler, CancellationToken ct) =>
                (await handler.History(id, ct)).Map(Results.Ok))
            .WithName("GetRequestHistory").WithTags("Requests")
            .WithSummary("The request's history: created, status changes, approval decisions, task progress, priority changes; oldest first")
            .Produces<IReadOnlyList<RequestEventView>>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
