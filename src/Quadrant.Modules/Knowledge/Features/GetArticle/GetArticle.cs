using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Knowledge.Domain;
using Quadrant.Modules.Knowledge.Features.Shared;

namespace Quadrant.Modules.Knowledge.Features.GetArticle;

/// <summary>
/// One article. Staff get the latest version; anyone else gets the published version of a published article meant
/// for everyone, and 404 for any other article, as if it did not exist.
/// </summary>
internal sealed class GetArticleHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<ArticleView>> Handle(Guid id, CancellationToken ct)
    {
        var staff = ArticleViews.IsStaff(actor);
        var article = await db.Set<KnowledgeArticle>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null || !ArticleViews.CanRead(article, staff))
        {
            return Problem.NotFound("article", id);
        }

        return await ArticleViews.LoadAsync(db, article, staff, catalogue, users, time, ct);
    }
}

internal static class GetArticleEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/knowledge/articles/{id:guid}", async (Guid id, GetArticleHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(a => Results.Ok(a).WithETag(http, a.Version)))
            .WithName("GetArticle")
            .WithTags("Knowledge")
            .WithSummary("One article with its rendered body (staff: the latest version; others: published articles for everyone only)")
            .Produces<ArticleView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
