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
using Quadrant.Modules.Knowledge.Domain;
using Quadrant.Modules.Knowledge.Features.Shared;

namespace Quadrant.Modules.Knowledge.Features.UpdateArticle;

/// <summary>
/// Replaces an article's fields (PUT). Changed content is a new version; a published article goes back to draft with
/// its published version still readable until the new one is published. Owner and review date alone change no version.
/// </summary>
internal sealed class UpdateArticleHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<ArticleView>> Handle(Guid id, int expectedVersion, ArticleRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ArticleViews.IsWriter(actor) || actor.UserId is not { } me)
        {
            return Problem.Forbidden("Changing knowledge articles needs the Agent, ProcessOwner, ServiceOwner, SmsManager or Admin role.");
        }

        var article = await db.Set<KnowledgeArticle>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return Problem.NotFound("article", id);
        }

        var (check, content) = await ArticleViews.ValidateAsync(request, article.ReviewDate, ArticleViews.Today(time), catalogue, users, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        if (article.Version != expectedVersion)
        {
            return Problem.StaleVersion(article.Version);
        }

        var latest = await db.Set<ArticleVersion>().FirstAsync(v => v.ArticleId == id && v.Number == article.CurrentVersion, ct);
        var author = await users.FindAsync(me, ct);
        db.Entry(article).Property(a => a.Version).OriginalValue = expectedVersion;
        var next = article.Edit(content!, request.OwnerId ?? article.OwnerId, request.ReviewDate ?? article.ReviewDate, latest, me,
            author?.DisplayName ?? actor.Name, request.ChangeNote?.Trim() ?? "", time.UtcNow());
        if (next is not null)
        {
            db.Add(next);
        }

        await db.SaveChangesAsync(ct);
        return await ArticleViews.LoadAsync(db, article, true, catalogue, users, time, ct);
    }
}

internal static class UpdateArticleEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/knowledge/articles/{id:guid}", (Guid id, ArticleRequest request, UpdateArticleHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, request, ct)).Map(a => Results.Ok(a).WithETag(http, a.Version))))
            .RequireAuthorization(Policies.KnowledgeWrite)
            .WithName("UpdateArticle")
            .WithTags("Knowledge")
            .WithSummary("Replace an article's fields (requires If-Match); changed content is a new version")
            .WithDescription("A published article goes back to draft with its published version still readable. 409 knowledge.in-review (content is frozen in review), knowledge.retired.")
            .Produces<ArticleView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
