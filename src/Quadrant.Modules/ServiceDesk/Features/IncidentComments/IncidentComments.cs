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
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.IncidentComments;

public sealed record CommentRequest(string? Body, bool? IsPublic);

public sealed record CommentView(Guid Id, Guid AuthorId, string AuthorName, bool IsPublic, string Body, DateTime CreatedAt);

/// <summary>
/// Comments and work notes. Staff see both and write either (a work note by default); the requester of
/// the incident sees and writes public comments only; anyone else gets 404 for the incident. Each comment re-indexes the
/// incident for search in the same transaction (work notes as staff-only text).
/// </summary>
internal sealed class IncidentCommentsHandler(QuadrantDbContext db, IUserDirectory users, IncidentMail mail, ISearchIndex search, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<CommentView>>> List(Guid incidentId, CancellationToken ct)
    {
        var (incident, staff) = await AccessAsync(incidentId, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", incidentId);
        }

        var comments = db.Set<IncidentComment>().AsNoTracking().Where(c => c.IncidentId == incidentId);
        if (!staff)
        {
            comments = comments.Where(c => c.IsPublic);
        }

        return await comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new CommentView(c.Id, c.AuthorId, c.AuthorName, c.IsPublic, c.Body, c.CreatedAt)).ToListAsync(ct);
    }

    public async Task<Outcome<CommentView>> Add(Guid incidentId, CommentRequest request, CancellationToken ct)
    {
        var (incident, staff) = await AccessAsync(incidentId, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", incidentId);
        }

        if (!staff && incident.RequesterId != actor.UserId)
        {
            return Problem.Forbidden("You can read your organization's incidents; only the person who reported one comments on it.");
        }

        var check = new Check().Required("body", request.Body, IncidentComment.MaxBody)
            .That(staff || request.IsPublic != false, "isPublic", "Work notes are for the service desk; your comment is public.");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        if (incident.Status is IncidentStatus.Closed or IncidentStatus.Cancelled)
        {
            return Problem.Conflict($"{incident.Reference} is {Incident.Describe(incident.Status)}; raise a new incident instead.", null, "incident.final");
        }

        var me = await users.FindAsync(actor.UserId!.Value, ct);
        var comment = IncidentComment.Create(incidentId, actor.UserId!.Value, me?.DisplayName ?? actor.Name, !staff || request.IsPublic == true,
            request.Body!.Trim(), time.UtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(comment);
        if (comment.IsPublic)
        {
            await IncidentNotices.WatchersAsync(db, incident, actor.UserId, "incident.comment", $"comment by {comment.AuthorName}", comment.Body, comment.CreatedAt, ct);
        }

        await IncidentSearch.StageAsync(db, search, incident, ct);
        await db.SaveChangesAsync(ct);
        await mail.CommentedAsync(incident, comment, ct);
        await transaction.CommitAsync(ct);
        return new CommentView(comment.Id, comment.AuthorId, comment.AuthorName, comment.IsPublic, comment.Body, comment.CreatedAt);
    }

    private async Task<(Incident? Incident, bool Staff)> AccessAsync(Guid incidentId, CancellationToken ct)
    {
        var access = await IncidentAccess.LoadAsync(db, actor, ct);
        var incident = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        return incident is not null && access.CanRead(incident) ? (incident, access.Staff) : (null, access.Staff);
    }
}

internal static class IncidentCommentsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/incidents/{id:guid}/comments", async (Guid id, IncidentCommentsHandler handler, CancellationToken ct) => (await handler.List(id, ct)).Map(Results.Ok))
            .WithName("ListIncidentComments").WithTags("Incidents")
            .WithSummary("Comments and work notes, oldest first (requesters: public comments on their own incidents)")
            .Produces<IReadOnlyList<CommentView>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/incidents/{id:guid}/comments", async (Guid id, CommentRequest request, IncidentCommentsHandler handler, CancellationToken ct) =>
                (await handler.Add(id, request, ct)).Map(c => Results.Created($"/api/v1/incidents/{id}/comments", c)))
            .WithName("AddIncidentComment").WithTags("Incidents")
            .WithSummary("Add a comment (isPublic=true) or a work note (staff; the default for staff). Stored as plain text.")
            .Produces<CommentView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
