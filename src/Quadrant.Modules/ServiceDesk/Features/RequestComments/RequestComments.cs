using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Domain.Requests;
using Quadrant.Modules.ServiceDesk.Features.IncidentComments;
using Quadrant.Modules.ServiceDesk.Features.RequestShared;

namespace Quadrant.Modules.ServiceDesk.Features.RequestComments;

public sealed record RequestCommentView(Guid Id, Guid? TaskId, Guid AuthorId, string AuthorName, bool IsPublic, string Body, DateTime CreatedAt);

/// <summary>
/// Comments and work notes on a request, as on incidents: staff see both and write either (a work note
/// by default); the requester (and an approver) see and write public comments only; anyone else gets 404.
/// </summary>
internal sealed class RequestCommentsHandler(QuadrantDbContext db, IUserDirectory users, ISearchIndex search, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<RequestCommentView>>> List(Guid requestId, CancellationToken ct)
    {
        if (!await RequestViews.Visible(db, actor).AnyAsync(r => r.Id == requestId, ct))
        {
            return Problem.NotFound("request", requestId);
        }

        var comments = db.Set<RequestComment>().AsNoTracking().Where(c => c.RequestId == requestId);
        if (!RequestViews.IsStaff(actor))
        {
            comments = comments.Where(c => c.IsPublic);
        }

        return await comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new RequestCommentView(c.Id, c.TaskId, c.AuthorId, c.AuthorName, c.IsPublic, c.Body, c.CreatedAt)).ToListAsync(ct);
    }

    public async Task<Outcome<RequestCommentView>> Add(Guid requestId, CommentRequest request, CancellationToken ct)
    {
        var found = await RequestViews.Visible(db, actor).AsNoTracking().Where(r => r.Id == requestId).Select(r => new { r.Status, r.Number }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return Problem.NotFound("request", requestId);
        }

        var staff = RequestViews.IsStaff(actor);
        var check = new Check().Required("body", request.Body, RequestComment.MaxBody)
            .That(staff || request.IsPublic != false, "isPublic", "Work notes are for the service desk; your comment is public.");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        if (found.Status is RequestStatus.Closed or RequestStatus.Cancelled or RequestStatus.Rejected)
        {
            return Problem.Conflict($"{ServiceRequest.Format(found.Number)} is {ServiceRequest.Describe(found.Status)}; raise a new request instead.", null, "request.final");
        }

        var me = await users.FindAsync(actor.UserId!.Value, ct);
        var comment = RequestComment.Create(requestId, null, actor.UserId!.Value, me?.DisplayName ?? actor.Name, !staff || request.IsPublic == true,
            request.Body!.Trim(), time.UtcNow());
        db.Add(comment);
        await RequestSearch.StageAsync(db, search, await db.Set<ServiceRequest>().AsNoTracking().FirstAsync(r => r.Id == requestId, ct), ct);
        await db.SaveChangesAsync(ct);
        return new RequestCommentView(comment.Id, null, comment.AuthorId, comment.AuthorName, comment.IsPublic, comment.Body, comment.CreatedAt);
    }
}

internal static class RequestCommentsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/requests/{id:guid}/comments", async (Guid id, RequestCommentsHandler handler, CancellationToken ct) => (await handler.List(id, ct)).Map(Results.Ok))
            .WithName("ListRequestComments").WithTags("Requests")
            .WithSummary("Comments and work notes (including task work notes), oldest first (requesters: public comments on their own requests)")
            .Produces<IReadOnlyList<RequestCommentView>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/requests/{id:guid}/comments", async (Guid id, CommentRequest request, RequestCommentsHandler handler, CancellationToken ct) =>
                (await handler.Add(id, request, ct)).Map(c => Results.Created($"/api/v1/requests/{id}/comments", c)))
            .WithName("AddRequestComment").WithTags("Requests")
            .WithSummary("Add a comment (isPublic=true) or a work note (staff; the default for staff). Stored as plain text.")
            .Produces<RequestCommentView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
