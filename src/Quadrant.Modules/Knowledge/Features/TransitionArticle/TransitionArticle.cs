using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Knowledge.Domain;
using Quadrant.Modules.Knowledge.Features.Shared;
using Quadrant.Modules.Search.Contracts;

namespace Quadrant.Modules.Knowledge.Features.TransitionArticle;

/// <summary>A move through the lifecycle, with an optional note (why a review sent it back, what changed).</summary>
public sealed record ArticleTransitionRequest(ArticleStatus? To, string? Note);

/// <summary>
/// draft → review → published → retired; review → draft sends it back; a draft can be retired (abandoned). Writers
/// submit and send back; publishers (ProcessOwner, ServiceOwner, SmsManager, Admin) publish and retire. Publishing and
/// retiring update the search index in the same transaction. An impossible move is 409 naming the allowed ones.
/// </summary>
internal sealed class TransitionArticleHandler(
    QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISearchIndex index, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<ArticleView>> Handle(Guid id, int expectedVersion, ArticleTransitionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ArticleViews.IsWriter(actor) || actor.UserId is not { } me)
        {
            return Problem.Forbidden("Moving knowledge articles through their lifecycle needs the Agent, ProcessOwner, ServiceOwner, SmsManager or Admin role.");
        }

        var check = new Check().Required("to", request.To).MaxLength("note", request.Note, KnowledgeArticle.MaxChangeNote);
        if (request.To is { } to && !Enum.IsDefined(to))
        {
            check.Add("to", "'to' must be one of draft, review, published, retired.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        if (request.To is ArticleStatus.Published or ArticleStatus.Retired && !ArticleViews.IsPublisher(actor))
        {
            return Problem.Forbidden("Publishing and retiring articles needs the ProcessOwner, ServiceOwner, SmsManager or Admin role.");
        }

        var article = await db.Set<KnowledgeArticle>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return Problem.NotFound("article", id);
        }

        if (article.Version != expectedVersion)
        {
            return Problem.StaleVersion(article.Version);
        }

        var latest = await db.Set<ArticleVersion>().FirstAsync(v => v.ArticleId == id && v.Number == article.CurrentVersion, ct);
        db.Entry(article).Property(a => a.Version).OriginalValue = expectedVersion;
        article.MoveTo(request.To!.Value, latest, request.Note, me, time.UtcNow());
        if (request.To is ArticleStatus.Published or ArticleStatus.Retired)
        {
            await ArticleViews.IndexAsync(index, article, latest, catalogue, ct);
        }

        await db.SaveChangesAsync(ct);
        return await ArticleViews.LoadAsync(db, article, true, catalogue, users, time, ct);
    }
}

internal static class TransitionArticleEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/knowledge/articles/{id:guid}/transitions", (Guid id, ArticleTransitionRequest request, TransitionArticleHandler handler, HttpContext http,
                CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, request, ct)).Map(a => Results.Ok(a).WithETag(http, a.Version))))
            .RequireAuthorization(Policies.KnowledgeWrite)
            .WithName("TransitionArticle")
            .WithTags("Knowledge")
            .WithSummary("Move an article through its lifecycle (requires If-Match): review, draft (send back), published, retired")
            .WithDescription("draft → review → published → retired; review → draft; draft → retired. Publishing and retiring need ProcessOwner, ServiceOwner, SmsManager or Admin. 409 knowledge.transition names the allowed moves.")
            .Produces<ArticleView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
