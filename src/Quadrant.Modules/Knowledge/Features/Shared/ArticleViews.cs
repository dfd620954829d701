using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Knowledge.Domain;
using Quadrant.Modules.Search.Contracts;

namespace Quadrant.Modules.Knowledge.Features.Shared;

/// <summary>The fields of an article people set (create and full update).</summary>
public sealed record ArticleRequest(
    string? Title,
    string? Body,
    Guid? ServiceId,
    string? Category,
    IReadOnlyList<string>? Keywords,
    ArticleAudience? Audience,
    Guid? OwnerId,
    DateOnly? ReviewDate,
    string? ChangeNote);

/// <summary>
/// An article. Staff see the latest version (<see cref="ShownVersion"/> = <see cref="CurrentVersion"/>); requesters see
/// the published one. <see cref="BodyHtml"/> is the body rendered and sanitized.
/// </summary>
public sealed record ArticleView(
    Guid Id,
    string Reference,
    ArticleStatus Status,
    string Title,
    string Body,
    string BodyHtml,
    Guid? ServiceId,
    string? ServiceName,
    string Category,
    IReadOnlyList<string> Keywords,
    ArticleAudience Audience,
    Guid OwnerId,
    string? OwnerName,
    DateOnly ReviewDate,
    bool ReviewDue,
    int ShownVersion,
    int CurrentVersion,
    int? PublishedVersion,
    DateTime? PublishedAt,
    DateTime? RetiredAt,
    string? StatusNote,
    bool Live,
    IReadOnlyList<ArticleStatus> AllowedTransitions,
    int UsageCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);

public sealed record ArticleSummary(
    Guid Id, string Reference, string Title, ArticleStatus Status, Guid? ServiceId, string? ServiceName, string Category, ArticleAudience Audience,
    Guid OwnerId, string? OwnerName, DateOnly ReviewDate, bool ReviewDue, bool Live, int CurrentVersion, int? PublishedVersion, DateTime UpdatedAt, int Version);

internal static class ArticleViews
{
    public const string Kind = "knowledge";

    /// <summary>Raise when what an article puts in the search index changes; the next start re-indexes every article.</summary>
    public const int SearchGeneration = 1;

    public static readonly SearchKind SearchKind = new(Kind, "Knowledge", "/knowledge/{id}", "/api/v1/knowledge/articles/{id}");

    /// <summary>Staff read every article in every state; everyone else reads published articles meant for everyone.</summary>
    public static bool IsStaff(ActorContext actor) => actor.IsInAnyRole(Policies.KnowledgeReaders);

    public static bool IsWriter(ActorContext actor) => actor.IsInAnyRole(Policies.KnowledgeWriters);

    public static bool IsPublisher(ActorContext actor) => actor.IsInAnyRole(Policies.KnowledgePublishers);

    public static bool CanRead(KnowledgeArticle article, bool staff) =>
        staff || (article.IsLive && article.PublishedAudience == ArticleAudience.Everyone);

    /// <summary>The articles a non-staff user may see.</summary>
    public static IQueryable<KnowledgeArticle> Public(IQueryable<KnowledgeArticle> articles) =>
        articles.Where(a => a.PublishedVersion != null && a.Status != ArticleStatus.Retired && a.PublishedAudience == ArticleAudience.Everyone);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public static async Task<ArticleView> LoadAsync(QuadrantDbContext db, KnowledgeArticle a, bool staff, IServiceCatalogue catalogue, IUserDirectory users,
        TimeProvider time, CancellationToken ct)
    {
        var number = staff ? a.CurrentVersion : a.PublishedVersion ?? a.CurrentVersion;
        var version = await db.Set<ArticleVersion>().AsNoTracking().FirstAsync(v => v.ArticleId == a.Id && v.Number == number, ct);
        var names = version.ServiceId is { } sid ? await catalogue.NamesAsync([sid], ct) : new Dictionary<Guid, string>();
        var owner = await users.FindAsync(a.OwnerId, ct);
        var usage = staff ? await db.Set<KnowledgeLink>().CountAsync(l => l.ArticleId == a.Id, ct) : 0;
        return new ArticleView(a.Id, a.Reference, a.Status, version.Title, version.Body, KnowledgeMarkdown.ToHtml(version.Body), version.ServiceId,
            version.ServiceId is { } s ? names.GetValueOrDefault(s) : null, version.Category, KnowledgeArticle.SplitKeywords(version.Keywords), version.Audience,
            a.OwnerId, owner?.DisplayName, a.ReviewDate, a.ReviewDue(Today(time)), version.Number, a.CurrentVersion, a.PublishedVersion, a.PublishedAt,
            a.RetiredAt, staff ? a.StatusNote : null, a.IsLive, staff ? KnowledgeArticle.Allowed[a.Status] : [], usage, a.CreatedAt, a.UpdatedAt, a.Version);
    }

    /// <summary>Validates the fields and returns the content to save (keywords trimmed, de-duplicated).</summary>
    public static async Task<(Check Check, ArticleContent? Content)> ValidateAsync(ArticleRequest request, DateOnly? currentReviewDate, DateOnly today,
        IServiceCatalogue catalogue, IUserDirectory users, CancellationToken ct)
    {
        var check = new Check()
            .Required("title", request.Title, KnowledgeArticle.MaxTitle)
            .Required("body", request.Body, KnowledgeArticle.MaxBody)
            .MaxLength("category", request.Category, KnowledgeArticle.MaxCategory)
            .MaxLength("changeNote", request.ChangeNote, KnowledgeArticle.MaxChangeNote);
        var keywords = new List<string>();
        if (request.Keywords is { } given)
        {
            check.That(given.Count <= KnowledgeArticle.MaxKeywordCount, "keywords", $"At most {KnowledgeArticle.MaxKeywordCount} keywords.");
            for (var i = 0; i < given.Count; i++)
            {
                var keyword = given[i]?.Trim() ?? "";
                if (keyword.Length == 0 || keyword.Length > KnowledgeArticle.MaxKeyword || keyword.Contains(',', StringComparison.Ordinal))
                {
                    check.Add($"keywords[{i}]", $"A keyword is 1 to {KnowledgeArticle.MaxKeyword} characters without commas.");
                }
                else if (!keywords.Contains(keyword, StringComparer.OrdinalIgnoreCase))
                {
                    keywords.Add(keyword);
                }
            }
        }

        if (request.Audience is { } audience && !Enum.IsDefined(audience))
        {
            check.Add("audience", "'audience' must be staff or everyone.");
        }

        if (request.ServiceId is { } serviceId && await catalogue.FindAsync(serviceId, ct) is null)
        {
            check.Add("serviceId", $"'{serviceId}' is not a service.");
        }

        if (request.OwnerId is { } ownerId)
        {
            var owner = await users.FindAsync(ownerId, ct);
            check.That(owner is not null, "ownerId", "'ownerId' is not a known user.")
                .That(owner is null || owner.IsActive, "ownerId", "'ownerId' is a deactivated user.");
        }

        if (request.ReviewDate is { } review && review != currentReviewDate && review < today)
        {
            check.Add("reviewDate", "'reviewDate' cannot be in the past.");
        }

        if (!check.IsValid)
        {
            return (check, null);
        }

        var content = new ArticleContent(request.Title!.Trim(), request.Body!, request.ServiceId, request.Category?.Trim() ?? "", keywords,
            request.Audience ?? ArticleAudience.Staff);
        return (check, content);
    }

    /// <summary>
    /// Keeps the search index in step: a live article is indexed with its published version (visible to everyone or to
    /// the staff, as its audience says); any other is taken out. Staged; written by the caller's save.
    /// </summary>
    public static async Task IndexAsync(ISearchIndex index, KnowledgeArticle article, ArticleVersion? published, IServiceCatalogue catalogue, CancellationToken ct)
    {
        if (!article.IsLive || published is null)
        {
            await index.RemoveAsync(Kind, article.Id, ct);
            return;
        }

        await index.UpsertAsync(await EntryAsync(article, published, catalogue, ct), ct);
    }

    public static async Task<SearchEntry> EntryAsync(KnowledgeArticle article, ArticleVersion published, IServiceCatalogue catalogue, CancellationToken ct)
    {
        var service = published.ServiceId is { } sid ? (await catalogue.NamesAsync([sid], ct)).GetValueOrDefault(sid) : null;
        var keywords = string.Join(' ', new[] { published.Category, published.Keywords.Replace(',', ' '), service }.Where(k => !string.IsNullOrWhiteSpace(k)));
        return new SearchEntry(Kind, article.Id, article.Reference, published.Title, KnowledgeMarkdown.ToPlainText(published.Body), null,
            published.Audience == ArticleAudience.Everyone ? SearchVisibility.Everyone(Policies.KnowledgeReaders) : SearchVisibility.Staff(Policies.KnowledgeReaders),
            article.PublishedAt ?? article.UpdatedAt, keywords);
    }
}
