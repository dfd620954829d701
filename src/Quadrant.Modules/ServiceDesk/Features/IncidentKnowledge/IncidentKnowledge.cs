using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Knowledge.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.IncidentKnowledge;

public sealed record LinkArticleRequest(Guid? ArticleId);

/// <summary>
/// The knowledge articles that helped with an incident ("solved by"). The service desk links and unlinks published
/// articles; the requester sees the linked articles they may read. Links live in the knowledge base (through
/// <see cref="IKnowledgeBase"/>), which counts them per article, and are recorded in the incident's history.
/// </summary>
internal sealed class IncidentKnowledgeHandler(QuadrantDbContext db, IKnowledgeBase knowledge, ActorContext actor)
{
    public async Task<Outcome<IReadOnlyList<ArticleLink>>> List(Guid incidentId, CancellationToken ct)
    {
        var incident = await FindAsync(incidentId, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", incidentId);
        }

        return Outcome<IReadOnlyList<ArticleLink>>.Success(await knowledge.LinkedToAsync(IncidentSearch.Kind, incidentId, ct));
    }

    public async Task<Outcome<ArticleReference>> Link(Guid incidentId, LinkArticleRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IncidentViews.IsStaff(actor))
        {
            return Problem.Forbidden("Linking knowledge to incidents needs the Agent, ProcessOwner, ServiceOwner, SmsManager or Admin role.");
        }

        var check = new Check().Required("articleId", request.ArticleId);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var incident = await FindAsync(incidentId, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", incidentId);
        }

        if (incident.Status == IncidentStatus.Cancelled)
        {
            return Problem.Conflict($"{incident.Reference} is cancelled; nothing solved it.", null, "incident.final");
        }

        var article = await knowledge.LinkAsync(request.ArticleId!.Value, new LinkedRecord(IncidentSearch.Kind, IncidentViews.RecordType, incident.Id, incident.Reference), ct);
        if (article is null)
        {
            return Problem.Invalid("articleId", $"'{request.ArticleId}' is not an article.");
        }

        await db.SaveChangesAsync(ct);
        return article;
    }

    public async Task<Outcome<bool>> Unlink(Guid incidentId, Guid articleId, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor))
        {
            return Problem.Forbidden("Unlinking knowledge from incidents needs the Agent, ProcessOwner, ServiceOwner, SmsManager or Admin role.");
        }

        if (await FindAsync(incidentId, ct) is null)
        {
            return Problem.NotFound("incident", incidentId);
        }

        if (!await knowledge.UnlinkAsync(articleId, IncidentSearch.Kind, incidentId, ct))
        {
            return new Problem(StatusCodes.Status404NotFound, "Not found.", $"Article '{articleId}' is not linked to this incident.");
        }

        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<Incident?> FindAsync(Guid incidentId, CancellationToken ct)
    {
        var incident = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        return incident is not null && (IncidentViews.IsStaff(actor) || incident.RequesterId == actor.UserId) ? incident : null;
    }
}

internal static class IncidentKnowledgeEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/incidents/{id:guid}/knowledge", async (Guid id, IncidentKnowledgeHandler handler, CancellationToken ct) =>
                (await handler.List(id, ct)).Map(Results.Ok))
            .WithName("ListIncidentKnowledge").WithTags("Incidents")
            .WithSummary("Knowledge articles linked to an incident as having helped (requesters: their own incidents, articles they may read)")
            .Produces<IReadOnlyList<ArticleLink>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/incidents/{id:guid}/knowledge", async (Guid id, LinkArticleRequest request, IncidentKnowledgeHandler handler, CancellationToken ct) =>
                (await handler.Link(id, request, ct)).Map(a => Results.Created($"/api/v1/incidents/{id}/knowledge", a)))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("LinkIncidentKnowledge").WithTags("Incidents")
            .WithSummary("Record that a published article helped with the incident ({\"articleId\": ...}); linking twice changes nothing")
            .Produces<ArticleReference>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/incidents/{id:guid}/knowledge/{articleId:guid}", async (Guid id, Guid articleId, IncidentKnowledgeHandler handler, CancellationToken ct) =>
                (await handler.Unlink(id, articleId, ct)).Map(_ => Results.NoContent()))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("UnlinkIncidentKnowledge").WithTags("Incidents")
            .WithSummary("Remove an article's link from the incident")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
