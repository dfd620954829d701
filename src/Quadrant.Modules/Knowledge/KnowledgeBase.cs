using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Knowledge.Contracts;
using Quadrant.Modules.Knowledge.Domain;
using Quadrant.Modules.Knowledge.Features.Shared;
using Quadrant.Modules.Search.Contracts;

namespace Quadrant.Modules.Knowledge;

/// <summary>The knowledge base as other modules see it (<see cref="IKnowledgeBase"/>), for the acting user.</summary>
internal sealed class KnowledgeBase(QuadrantDbContext db, ISearch search, ActorContext actor, TimeProvider time) : IKnowledgeBase
{
    public async Task<IReadOnlyList<ArticleSuggestion>> SuggestAsync(string? text, int limit, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text) || limit < 1)
        {
            return [];
        }

        var trimmed = text.Length > SearchLimits.MaxQueryLength ? text[..SearchLimits.MaxQueryLength] : text;
        var results = await search.SearchAsync(new SearchRequest(trimmed, [ArticleViews.Kind], limit, 0, SearchMode.AnyWordAsTyped), ct);
        return results.Hits.Select(h => new ArticleSuggestion(h.Id, h.Reference, h.Title, h.TitleHtml, h.Snippet, h.Url)).ToList();
    }

    public async Task<ArticleReference?> FindAsync(Guid id, CancellationToken ct)
    {
        var article = await db.Set<KnowledgeArticle>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        return article is not null && ArticleViews.CanRead(article, ArticleViews.IsStaff(actor)) ? Reference(article, ArticleViews.IsStaff(actor)) : null;
    }

    public async Task<ArticleReference?> LinkAsync(Guid articleId, LinkedRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var staff = ArticleViews.IsStaff(actor);
        var article = await db.Set<KnowledgeArticle>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == articleId, ct);
        if (article is null || !ArticleViews.CanRead(article, staff) || actor.UserId is not { } me)
        {
            return null;
        }

        if (!await db.Set<KnowledgeLink>().AnyAsync(l => l.ArticleId == articleId && l.Kind == record.Kind && l.RecordId == record.Id, ct))
        {
            db.Add(KnowledgeLink.Create(article, record.Kind, record.RecordType, record.Id, record.Reference, me, time.UtcNow()));
        }

        return Reference(article, staff);
    }

    public async Task<bool> UnlinkAsync(Guid articleId, string kind, Guid recordId, CancellationToken ct)
    {
        var link = await db.Set<KnowledgeLink>().FirstOrDefaultAsync(l => l.ArticleId == articleId && l.Kind == kind && l.RecordId == recordId, ct);
        if (link is null)
        {
            return false;
        }

        db.Remove(link);
        return true;
    }

    public async Task<IReadOnlyList<ArticleLink>> LinkedToAsync(string kind, Guid recordId, CancellationToken ct)
    {
        var staff = ArticleViews.IsStaff(actor);
        var links = await db.Set<KnowledgeLink>().AsNoTracking().Where(l => l.Kind == kind && l.RecordId == recordId)
            .OrderBy(l => l.LinkedAt).ThenBy(l => l.Id).ToListAsync(ct);
        var ids = links.Select(l => l.ArticleId).ToList();
        var articles = await db.Set<KnowledgeArticle>().AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return links.Where(l => articles.TryGetValue(l.ArticleId, out var a) && ArticleViews.CanRead(a, staff))
            .Select(l => new ArticleLink(Reference(articles[l.ArticleId], staff), l.LinkedAt)).ToList();
    }

    private static ArticleReference Reference(KnowledgeArticle a, bool staff) =>
        new(a.Id, a.Reference, staff ? a.Title : a.PublishedTitle ?? a.Title, KnowledgeArticle.Describe(a.Status), a.IsLive,
            System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName((staff ? a.Audience : a.PublishedAudience ?? a.Audience).ToString()),
            ArticleViews.SearchKind.PageUrl(a.Id));
}

/// <summary>Every live article with its published version, for (re)building the search index.</summary>
internal sealed class KnowledgeSearchSource(QuadrantDbContext db, IServiceCatalogue catalogue) : ISearchSource
{
    private const int Batch = 200;

    public string Kind => ArticleViews.Kind;

    public int Generation => ArticleViews.SearchGeneration;

    public async IAsyncEnumerable<IReadOnlyList<SearchEntry>> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        long after = 0;
        while (true)
        {
            var articles = await db.Set<KnowledgeArticle>().AsNoTracking()
                .Where(a => a.Number > after && a.PublishedVersion != null && a.Status != ArticleStatus.Retired)
                .OrderBy(a => a.Number).Take(Batch).ToListAsync(ct);
            if (articles.Count == 0)
            {
                yield break;
            }

            after = articles[^1].Number;
            var ids = articles.Select(a => a.Id).ToList();
            var versions = await db.Set<ArticleVersion>().AsNoTracking().Where(v => ids.Contains(v.ArticleId)).ToListAsync(ct);
            var entries = new List<SearchEntry>();
            foreach (var article in articles)
            {
                var published = versions.First(v => v.ArticleId == article.Id && v.Number == article.PublishedVersion);
                entries.Add(await ArticleViews.EntryAsync(article, published, catalogue, ct));
            }

            yield return entries;
        }
    }
}
