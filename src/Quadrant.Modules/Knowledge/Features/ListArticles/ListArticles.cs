using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Knowledge.Domain;
using Quadrant.Modules.Knowledge.Features.Shared;

namespace Quadrant.Modules.Knowledge.Features.ListArticles;

public sealed record ListArticlesQuery(
    string? Status = null,
    string? ServiceId = null,
    string? Audience = null,
    string? ReviewDue = null,
    string? OwnerId = null,
    string? Search = null,
    string? Limit = null,
    string? Sort = null,
    string? Cursor = null);

/// <summary>
/// Articles, paged. Staff see every article with its latest title; everyone else sees published articles for everyone
/// under their published title. reviewDue=true: not retired and the review date has come. ownerId=me: the signed-in user's.
/// </summary>
internal sealed class ListArticlesHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    internal static readonly Keyset<KnowledgeArticle> StaffKeyset = new Keyset<KnowledgeArticle>(a => a.Id, "-updatedAt")
        .Sort("updatedAt", a => a.UpdatedAt)
        .Sort("title", a => a.Title)
        .Sort("number", a => a.Number)
        .Sort("reviewDate", a => a.ReviewDate);

    internal static readonly Keyset<KnowledgeArticle> PublicKeyset = new Keyset<KnowledgeArticle>(a => a.Id, "-updatedAt")
        .Sort("updatedAt", a => a.UpdatedAt)
        .Sort("title", a => a.PublishedTitle!)
        .Sort("number", a => a.Number)
        .Sort("reviewDate", a => a.ReviewDate);

    public async Task<Outcome<Page<ArticleSummary>>> Handle(ListArticlesQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var staff = ArticleViews.IsStaff(actor);
        var keyset = staff ? StaffKeyset : PublicKeyset;
        var page = keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var check = new Check().MaxLength("search", query.Search, 200);
        var statuses = check.Enums<ArticleStatus>(query.Status, "status");
        var audiences = check.Enums<ArticleAudience>(query.Audience, "audience");
        var serviceId = check.Id(query.ServiceId, "serviceId", "a service id");
        var reviewDue = check.Flag(query.ReviewDue, "reviewDue");
        Guid? ownerId = null;
        if (query.OwnerId is "me")
        {
            ownerId = actor.UserId;
        }
        else
        {
            ownerId = check.Id(query.OwnerId, "ownerId", "a user id or 'me'");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var articles = db.Set<KnowledgeArticle>().AsNoTracking();
        if (!staff)
        {
            articles = ArticleViews.Public(articles);
        }

        if (statuses.Count > 0)
        {
            articles = articles.Where(a => statuses.Contains(a.Status));
        }

        if (audiences.Count > 0)
        {
            articles = staff ? articles.Where(a => audiences.Contains(a.Audience)) : articles.Where(a => audiences.Contains(a.PublishedAudience!.Value));
        }

        if (serviceId is { } sid)
        {
            articles = staff ? articles.Where(a => a.ServiceId == sid) : articles.Where(a => a.PublishedServiceId == sid);
        }

        var today = ArticleViews.Today(time);
        if (reviewDue is { } due)
        {
            articles = due
                ? articles.Where(a => a.Status != ArticleStatus.Retired && a.ReviewDate <= today)
                : articles.Where(a => a.Status == ArticleStatus.Retired || a.ReviewDate > today);
        }

        if (ownerId is { } owner)
        {
            articles = articles.Where(a => a.OwnerId == owner);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var upper = query.Search.Trim().ToUpperInvariant();
            long? number = upper.StartsWith("KB-", StringComparison.Ordinal) && long.TryParse(upper[3..], out var n) ? n : null;
            articles = staff
                ? articles.Where(a => a.Title.ToUpper().Contains(upper) || a.Number == number)
                : articles.Where(a => a.PublishedTitle!.ToUpper().Contains(upper) || a.Number == number);
        }

        var result = await keyset.ToPageAsync(articles, page.Value!, a => a, ct);
        var services = await catalogue.NamesAsync(result.Items.Select(a => staff ? a.ServiceId : a.PublishedServiceId).OfType<Guid>(), ct);
        var owners = await users.FindManyAsync(result.Items.Select(a => a.OwnerId), ct);
        return new Page<ArticleSummary>(result.Items.Select(a =>
            {
                var service = staff ? a.ServiceId : a.PublishedServiceId;
                return new ArticleSummary(a.Id, a.Reference, staff ? a.Title : a.PublishedTitle ?? a.Title, a.Status, service,
                    service is { } s ? services.GetValueOrDefault(s) : null, staff ? a.Category : "", staff ? a.Audience : a.PublishedAudience ?? a.Audience,
                    a.OwnerId, owners.TryGetValue(a.OwnerId, out var o) ? o.DisplayName : null, a.ReviewDate, a.ReviewDue(today), a.IsLive,
                    a.CurrentVersion, a.PublishedVersion, a.UpdatedAt, a.Version);
            }).ToList(),
            result.NextCursor, result.Limit, result.Sort);
    }
}

internal static class ListArticlesEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/knowledge/articles", async ([AsParameters] ListArticlesQuery query, ListArticlesHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .WithName("ListArticles")
            .WithTags("Knowledge")
            .WithSummary("List articles (filters: status, serviceId, audience, reviewDue, ownerId or 'me', search in title or KB number; sort: updatedAt, title, number, reviewDate). Requesters see published articles for everyone.")
            .Produces<Page<ArticleSummary>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
