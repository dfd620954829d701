using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.Search.Domain;

namespace Quadrant.Modules.Search.Features.SearchEverything;

public sealed record SearchQueryParameters(string? Q = null, string? Kinds = null, string? Limit = null, string? Cursor = null);

/// <summary>
/// One page of hits, best first. <see cref="Searchable"/> is false when the query held nothing to look for (only
/// punctuation or very common words). <see cref="NextCursor"/> fetches the next page of the same query.
/// </summary>
public sealed record SearchPage(string Query, IReadOnlyList<string> Kinds, IReadOnlyList<SearchHit> Items, string? NextCursor, int Limit, bool Searchable);

/// <summary>A kind of record that can be searched, for tabs and for the <c>kinds</c> parameter.</summary>
public sealed record SearchKindView(string Name, string Label);

/// <summary>
/// Full-text search across the kinds of records the user may read. A query is at most 200 characters; whatever it
/// contains is searched for as words (never as operators), so odd input gives an empty page, not an error. Pages go
/// by relevance: the cursor carries the position in the ranked list and is tied to the query and kinds it came from.
/// </summary>
internal sealed class SearchHandler(ISearch search, IEnumerable<SearchKind> kinds, ActorContext actor)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    /// <summary>How deep a relevance list can be paged; refine the query to see beyond.</summary>
    public const int MaxDepth = 1_000;

    public IReadOnlyList<SearchKindView> Kinds() => kinds.Select(k => new SearchKindView(k.Name, k.Label)).ToList();

    public async Task<Outcome<SearchPage>> Handle(SearchQueryParameters query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!actor.IsAuthenticated)
        {
            return Problem.Unauthorized("Sign in to search.");
        }

        var check = new Check().Required("q", query.Q, SearchQuery.MaxLength);
        var known = kinds.Select(k => k.Name).ToList();
        var wanted = new List<string>();
        foreach (var part in (query.Kinds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = part.ToLowerInvariant();
            if (known.Contains(name, StringComparer.Ordinal))
            {
                if (!wanted.Contains(name, StringComparer.Ordinal))
                {
                    wanted.Add(name);
                }
            }
            else
            {
                check.Add("kinds", $"'{part}' is not a kind of record; use {string.Join(", ", known)}.");
            }
        }

        var limit = DefaultLimit;
        if (!string.IsNullOrEmpty(query.Limit) &&
            (!int.TryParse(query.Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            check.Add("limit", $"'limit' must be a whole number from 1 to {MaxLimit}.");
        }

        var text = query.Q?.Trim() ?? "";
        var offset = 0;
        if (!string.IsNullOrEmpty(query.Cursor) && !Cursor.TryRead(query.Cursor, Fingerprint(text, wanted), out offset))
        {
            check.Add("cursor", "'cursor' is not a cursor returned for this query and these kinds. Start again without a cursor.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var results = await search.SearchAsync(new SearchRequest(text, wanted, limit, offset), ct);
        var next = results.More && offset + limit < MaxDepth ? Cursor.Write(offset + limit, Fingerprint(text, wanted)) : null;
        return new SearchPage(text, wanted, results.Hits, next, limit, results.Searchable);
    }

    private static string Fingerprint(string text, IEnumerable<string> kinds) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text + "\n" + string.Join(',', kinds.Order(StringComparer.Ordinal)))))[..16];

    /// <summary>An opaque cursor: the position in the ranked list and a fingerprint of the query it belongs to.</summary>
    private static class Cursor
    {
        public static string Write(int offset, string fingerprint) =>
            Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Data(offset, fingerprint))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static bool TryRead(string cursor, string fingerprint, out int offset)
        {
            offset = 0;
            if (cursor.Length > 200)
            {
                return false;
            }

            try
            {
                var base64 = cursor.Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
                var data = JsonSerializer.Deserialize<Data>(Convert.FromBase64String(base64));
                if (data is null || data.F != fingerprint || data.O < 0 || data.O >= MaxDepth)
                {
                    return false;
                }

                offset = data.O;
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private sealed record Data(int O, string F);
    }
}

internal static class SearchEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/search", async ([AsParameters] SearchQueryParameters query, SearchHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .WithName("Search")
            .WithTags("Search")
            .WithSummary("Full-text search across incidents and knowledge (q: words, \"phrases\", -exclusions, or; kinds: incident,knowledge; limit 1-50; cursor)")
            .WithDescription("Hits come best first with a highlighted title and snippet: HTML-encoded text in which only <mark> elements are markup. " +
                             "Each user finds only what they may read: requesters their own incidents (never work notes) and published articles for everyone.")
            .Produces<SearchPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/search/kinds", (SearchHandler handler) => Results.Ok(handler.Kinds()))
            .WithName("ListSearchKinds")
            .WithTags("Search")
            .WithSummary("The kinds of records that can be searched (values of 'kinds')")
            .Produces<IReadOnlyList<SearchKindView>>();
    }
}
