using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Access.Features.SetUserActive;

/// <summary>Deactivate (no sign-in, tokens refused, records kept) or reactivate a user.</summary>
internal sealed class SetUserActiveHandler(QuadrantDbContext db, UserManager<QuadrantUser> users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<UserView>> Handle(Guid id, int expectedVersion, bool active, CancellationToken ct)
    {
        if (!actor.IsInAnyRole([Roles.Admin]))
        {
            return Problem.Forbidden("Managing users needs the Admin role.");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Problem.NotFound("user", id);
        }

        if (user.Version != expectedVersion)
        {
            return Problem.StaleVersion(user.Version);
        }

        if (user.IsActive == active)
        {
            return Problem.Conflict(active ? "The user is already active." : "The user is already deactivated.", null, "users.state");
        }

        if (!active && user.Id == actor.UserId)
        {
            return Problem.Conflict("You cannot deactivate yourself.", null, "users.not-self");
        }

        var now = time.UtcNow();
        db.Entry(user).Property(u => u.Version).OriginalValue = expectedVersion;
        user.IsActive = active;
        user.DeactivatedAt = active ? null : now;
        user.UpdatedAt = now;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return IdentityProblems.From(result);
        }

        if (!active)
        {
            // Ends cookie sessions at their next validation.
            await users.UpdateSecurityStampAsync(user);
        }

        return await UserViews.LoadAsync(db, user, time.GetUtcNow(), ct);
    }
}

internal static class SetUserActiveEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        foreach (var (verb, active) in new[] { ("deactivate", false), ("reactivate", true) })
        {
            api.MapPost($"/users/{{id:guid}}/{verb}", (Guid id, SetUserActiveHandler handler, HttpContext http, CancellationToken ct) =>
                    ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, active, ct)).Map(u => Results.Ok(u).WithETag(http, u.Version))))
                .RequireAuthorization(Policies.UserAdmin)
                .WithName(active ? "ReactivateUser" : "DeactivateUser")
                .WithTags("Users")
                .WithSummary(active ? "Reactivate a user (requires If-Match)" : "Deactivate a user: no sign-in, tokens refused (requires If-Match)")
                .Produces<UserView>()
                .ProducesProblem(StatusCodes.Status409Conflict);
        }
    }
}
