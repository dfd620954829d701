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

namespace Quadrant.Modules.Knowledge.Features.CreateArticle;

/// <summary>
/// Writes a new article as a draft with its first version. The owner defaults to the writer and the review date to a
/// year from today. Numbers (KB-000001, ...) are unique; a clash with a concurrent create retries.
/// </summary>
internal sealed class CreateArticleHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<ArticleView>> Handle(ArticleRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ArticleViews.IsWriter(actor) || actor.UserId is not { } me)
        {
            return Problem.Forbidden("Writing knowledge articles needs the Agent, ProcessOwner, ServiceOwner, SmsManager or Admin role.");
        }

        var today = ArticleViews.Today(time);
        var (check, content) = await ArticleViews.ValidateAsync(request, null, today, catalogue, users, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var author = await users.FindAsync(me, ct);
        for (var attempt = 1; ; attempt++)
        {
            var now = time.UtcNow();
            var number = (await db.Set<KnowledgeArticle>().MaxAsync(a => (long?)a.Number, ct) ?? 0) + 1;
            var (article, first) = KnowledgeArticle.Create(number, content!, request.OwnerId ?? me, request.ReviewDate ?? today.AddYears(1), me,
                author?.DisplayName ?? actor.Name, request.ChangeNote?.Trim() ?? "", now);
            db.Add(article);
            db.Add(first);
            try
            {
                await db.SaveChangesAsync(ct);
                return await ArticleViews.LoadAsync(db, article, true, catalogue, users, time, ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) && attempt < 5)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}

internal static class CreateArticleEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/knowledge/articles", async (ArticleRequest request, CreateArticleHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(request, ct)).Map(a => Results.Created($"/api/v1/knowledge/articles/{a.Id}", a).WithETag(http, a.Version)))
            .RequireAuthorization(Policies.KnowledgeWrite)
            .WithName("CreateArticle")
            .WithTags("Knowledge")
            .WithSummary("Write a knowledge article (a draft with its first version; body in Markdown)")
            .Produces<ArticleView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
