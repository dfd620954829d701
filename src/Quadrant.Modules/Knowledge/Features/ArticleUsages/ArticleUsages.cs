using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Knowledge.Domain;
using Quadrant.Modules.Knowledge.Features.Shared;
using Quadrant.Modules.Search.Contracts;

namespace Quadrant.Modules.Knowledge.Features.ArticleUsages;

/// <summary>A record the article helped with ("solved by"), newest first.</summary>
public sealed record ArticleUsage(string Kind, Guid RecordId, string Reference, string? Url, DateTime LinkedAt);

/// <summary>Where an article was used: how many records it helped with, and the latest of them. Staff only.</summary>
public sealed record ArticleUsages(int Count, IReadOnlyList<ArticleUsage> Latest);

internal sealed class ArticleUsagesHandler(QuadrantDbContext db, IEnumerable<SearchKind> kinds, ActorContext actor)
{
    public const int Shown = 50;

    public async Task<Outcome<ArticleUsages>> Handle(Guid articleId, CancellationToken ct)
    {
        if (!ArticleViews.IsStaff(actor))
        {
            return Problem.Forbidden("Where an article was used is for the staff.");
        }

        if (!await db.Set<KnowledgeArticle>().AnyAsync(a => a.Id == articleId, ct))
        {
            return Problem.NotFound("article", articleId);
        }

        var links = db.Set<KnowledgeLink>().AsNoTracking().Where(l => l.ArticleId == articleId);
        var count = await links.CountAsync(ct);
        var latest = await links.OrderByDescending(l => l.LinkedAt).ThenBy(l => l.Id).Take(Shown).ToListAsync(ct);
        var byName = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);
        return new ArticleUsages(count, latest.Select(l => new ArticleUsage(l.Kind, l.RecordId, l.RecordReference,
            byName.TryGetValue(l.Kind, out var kind) ? kind.PageUrl(l.RecordId) : null, l.LinkedAt)).ToList());
    }
}

internal static class ArticleUsagesEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/knowledge/articles/{id:guid}/usages", async (Guid id, ArticleUsagesHandler handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(Results.Ok))
            .WithName("ListArticleUsages").WithTags("Knowledge")
            .WithSummary("How many records (incidents) the article helped with, and the latest 50 (staff)")
            .Produces<ArticleUsages>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
}
