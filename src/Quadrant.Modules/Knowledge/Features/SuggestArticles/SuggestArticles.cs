using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Knowledge.Contracts;
using Quadrant.Modules.Search.Contracts;

namespace Quadrant.Modules.Knowledge.Features.SuggestArticles;

/// <summary>
/// Published articles matching text as someone types it (a new incident's title, say): any word, best first, the last
/// word possibly unfinished. Empty text gives no suggestions; each user sees only articles they may read.
/// </summary>
internal sealed class SuggestArticlesHandler(IKnowledgeBase knowledge)
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 10;

    public async Task<Outcome<IReadOnlyList<ArticleSuggestion>>> Handle(string? q, int? limit, CancellationToken ct)
    {
        var check = new Check().MaxLength("q", q, SearchLimits.MaxQueryLength)
            .That(limit is null or >= 1 and <= MaxLimit, "limit", $"'limit' must be a whole number from 1 to {MaxLimit}.");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        return Outcome<IReadOnlyList<ArticleSuggestion>>.Success(await knowledge.SuggestAsync(q, limit ?? DefaultLimit, ct));
    }
}

internal static class SuggestArticlesEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/knowledge/suggestions", async (string? q, int? limit, SuggestArticlesHandler handler, CancellationToken ct) =>
                (await handler.Handle(q, limit, ct)).Map(Results.Ok))
            .WithName("SuggestArticles").WithTags("Knowledge")
            .WithSummary("Published articles matching text as it is typed (q; limit 1-10, default 5), e.g. a new incident's title")
            .Produces<IReadOnlyList<ArticleSuggestion>>().ProducesProblem(StatusCodes.Status400BadRequest);
}
