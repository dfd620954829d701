using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Domain;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Access.Features.RevokeToken;

/// <summary>Revoke one of your own tokens. Idempotent for already revoked tokens.</summary>
internal sealed class RevokeTokenHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<bool>> Handle(Guid id, CancellationToken ct)
    {
        var token = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Id == id && t.UserId == actor.UserId, ct);
        if (token is null)
        {
            return Problem.NotFound("token", id);
        }

        if (token.RevokedAt is null)
        {
            token.Revoke(time.UtcNow());
            await db.SaveChangesAsync(ct);
        }

        return true;
    }
}

internal static class RevokeTokenEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/auth/tokens/{id:guid}", async (Guid id, RevokeTokenHandler handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(_ => Results.NoContent()))
            .WithName("RevokeToken")
            .WithTags("Authentication")
            .WithSummary("Revoke one of your personal access tokens")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
