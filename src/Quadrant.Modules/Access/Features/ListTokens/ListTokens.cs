using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Domain;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Access.Features.ListTokens;

public sealed record TokenView(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt, bool Active);

/// <summary>The signed-in user's own tokens, newest first.</summary>
internal sealed class ListTokensHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    internal static readonly Keyset<ApiToken> Keyset = new Keyset<ApiToken>(t => t.Id, "-createdAt")
        .Sort("createdAt", t => t.CreatedAt);

    public async Task<Outcome<Page<TokenView>>> Handle(string? limit, string? sort, string? cursor, CancellationToken ct)
    {
        var page = Keyset.Parse(limit, sort, cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var userId = actor.UserId ?? Guid.Empty;
        var now = time.GetUtcNow().UtcDateTime;
        return await Keyset.ToPageAsync(db.Set<ApiToken>().AsNoTracking().Where(t => t.UserId == userId), page.Value!,
            t => new TokenView(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.IsUsable(now)), ct);
    }
}

/// <summary>One of the signed-in user's tokens (the Location of a newly issued token).</summary>
internal sealed class GetTokenHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<TokenView>> Handle(Guid id, CancellationToken ct)
    {
        var token = await db.Set<ApiToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.UserId == actor.UserId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        return token is null
            ? Problem.NotFound("token", id)
            : new TokenView(token.Id, token.Name, token.Prefix, token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.LastUsedAt, token.IsUsable(now));
    }
}

internal static class ListTokensEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/auth/tokens/{id:guid}", async (Guid id, GetTokenHandler handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(Results.Ok))
            .WithName("GetToken")
            .WithTags("Authentication")
            .WithSummary("Read one of your personal access tokens (never its secret)")
            .Produces<TokenView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/auth/tokens", async (string? limit, string? sort, string? cursor, ListTokensHandler handler, CancellationToken ct) =>
                (await handler.Handle(limit, sort, cursor, ct)).Map(Results.Ok))
            .WithName("ListTokens")
            .WithTags("Authentication")
            .WithSummary("List your personal access tokens")
            .Produces<Page<TokenView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
