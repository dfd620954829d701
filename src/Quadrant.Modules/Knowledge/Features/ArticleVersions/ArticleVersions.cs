using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Knowledge.Domain;
using Quadrant.Modules.Knowledge.Features.Shared;

namespace Quadrant.Modules.Knowledge.Features.ArticleVersions;

/// <summary>One version in an article's history; <see cref="IsLive"/> marks the version readers see now.</summary>
public sealed record VersionSummary(int Number, string Title, string ChangeNote, Guid AuthorId, string AuthorName, DateTime CreatedAt, DateTime? PublishedAt,
    bool IsCurrent, bool IsLive);

/// <summary>One version exactly as it was written, with its body rendered and sanitized.</summary>
public sealed record VersionView(
    Guid ArticleId, string Reference, int Number, string Title, string Body, string BodyHtml, Guid? ServiceId, string? ServiceName, string Category,
    IReadOnlyList<string> Keywords, ArticleAudience Audience, string ChangeNote, Guid AuthorId, string AuthorName, DateTime CreatedAt, DateTime? PublishedAt,
    bool IsCurrent, bool IsLive);

/// <summary>An article's versions, newest first, and any one of them. Staff only: readers see the published version.</summary>
internal sealed class ArticleVersionsHandler(QuadrantDbContext db, IServiceCatalogue catalogue, ActorContext actor)
{
    public async Task<Outcome<IReadOnlyList<VersionSummary>>> List(Guid articleId, CancellationToken ct)
    {
        var (article, problem) = await AccessAsync(articleId, ct);
        if (article is null)
        {
            return problem!;
        }

        return await db.Set<ArticleVersion>().AsNoTracking().Where(v => v.ArticleId == articleId).OrderByDescending(v => v.Number)
            .Select(v => new VersionSummary(v.Number, v.Title, v.ChangeNote, v.AuthorId, v.AuthorName, v.CreatedAt, v.PublishedAt,
                v.Number == article.CurrentVersion, article.Status != ArticleStatus.Retired && v.Number == article.PublishedVersion))
            .ToListAsync(ct);
    }

    public async Task<Outcome<VersionView>> Get(Guid articleId, int number, CancellationToken ct)
    {
        var (article, problem) = await AccessAsync(articleId, ct);
        if (article is null)
        {
            return problem!;
        }

        var v = await db.Set<ArticleVersion>().AsNoTracking().FirstOrDefaultAsync(x => x.ArticleId == articleId && x.Number == number, ct);
        if (v is null)
        {
            return new Problem(StatusCodes.Status404NotFound, "Not found.", $"{article.Reference} has no version {number}.");
        }

        var service = v.ServiceId is { } sid ? (await catalogue.NamesAsync([sid], ct)).GetValueOrDefault(sid) : null;
        return new VersionView(article.Id, article.Reference, v.Number, v.Title, v.Body, KnowledgeMarkdown.ToHtml(v.Body), v.ServiceId, service, v.Category,
            KnowledgeArticle.SplitKeywords(v.Keywords), v.Audience, v.ChangeNote, v.AuthorId, v.AuthorName, v.CreatedAt, v.PublishedAt,
            v.Number == article.CurrentVersion, article.IsLive && v.Number == article.PublishedVersion);
    }

    private async Task<(KnowledgeArticle? Article, Problem? Problem)> AccessAsync(Guid articleId, CancellationToken ct)
    {
        var staff = ArticleViews.IsStaff(actor);
        var article = await db.Set<KnowledgeArticle>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == articleId, ct);
        if (article is null || !ArticleViews.CanRead(article, staff))
        {
            return (null, Problem.NotFound("article", articleId));
        }

        return staff ? (article, null) : (null, Problem.Forbidden("An article's version history is for the staff; you see its published version."));
    }
}

internal static class ArticleVersionsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/knowledge/articles/{id:guid}/versions", async (Guid id, ArticleVersionsHandler handler, CancellationToken ct) =>
                (await handler.List(id, ct)).Map(Results.Ok))
            .WithName("ListArticleVersions").WithTags("Knowledge")
            .WithSummary("An article's versions, newest first (staff)")
            .Produces<IReadOnlyList<VersionSummary>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/knowledge/articles/{id:guid}/versions/{number:int}", async (Guid id, int number, ArticleVersionsHandler handler, CancellationToken ct) =>
                (await handler.Get(id, number, ct)).Map(Results.Ok))
            .WithName("GetArticleVersion").WithTags("Knowledge")
            .WithSummary("One version of an article exactly as it was written (staff)")
            .Produces<VersionView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
