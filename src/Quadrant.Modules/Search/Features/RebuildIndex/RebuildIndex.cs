using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.Search.Engine;

namespace Quadrant.Modules.Search.Features.RebuildIndex;

/// <summary>
/// Rebuilds the search index from the records (administrators; for instance after restoring a database from a
/// backup taken without the index). Runs in the request; on a large database it takes a while.
/// </summary>
internal sealed class RebuildIndexHandler(SearchRebuilder rebuilder, IEnumerable<SearchKind> kinds, ActorContext actor)
{
    public async Task<Outcome<IReadOnlyList<RebuildResult>>> Handle(string? kindList, CancellationToken ct)
    {
        if (!actor.IsInAnyRole([Roles.Admin]))
        {
            return Problem.Forbidden("Rebuilding the search index needs the Admin role.");
        }

        List<string>? wanted = null;
        if (!string.IsNullOrWhiteSpace(kindList))
        {
            wanted = kindList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(k => k.ToLowerInvariant()).Distinct().ToList();
            var unknown = wanted.Where(k => kinds.All(s => s.Name != k)).ToList();
            if (unknown.Count > 0)
            {
                return Problem.Invalid("kinds", $"'{unknown[0]}' is not a kind of record; use {string.Join(", ", kinds.Select(k => k.Name))}.");
            }
        }

        return Outcome<IReadOnlyList<RebuildResult>>.Success(await rebuilder.RebuildAsync(wanted, ct));
    }
}

internal static class RebuildIndexEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/search/rebuild", async (string? kinds, RebuildIndexHandler handler, CancellationToken ct) =>
                (await handler.Handle(kinds, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.SearchAdmin)
            .WithName("RebuildSearchIndex")
            .WithTags("Search")
            .WithSummary("Rebuild the search index from the records (Admin; optional kinds=incident,knowledge)")
            .Produces<IReadOnlyList<RebuildResult>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
