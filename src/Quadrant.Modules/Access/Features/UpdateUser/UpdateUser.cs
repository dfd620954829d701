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
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Access.Features.UpdateUser;

/// <summary>Change a user's display name and roles (the full role list replaces the old one).</summary>
public sealed record UpdateUserRequest(string? DisplayName, IReadOnlyList<string>? Roles);

internal sealed class UpdateUserHandler(QuadrantDbContext db, UserManager<QuadrantUser> users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<UserView>> Handle(Guid id, int expectedVersion, UpdateUserRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole([Roles.Admin]))
        {
            return Problem.Forbidden("Managing users needs the Admin role.");
        }

        var check = new Check().Required("displayName", request.DisplayName, UserViews.MaxDisplayName);
        UserViews.CheckRoles(check, request.Roles);
        if (!check.IsValid)
        {
            return check.ToProblem();
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

        var current = await users.GetRolesAsync(user);
        if (user.Id == actor.UserId && current.Contains(Roles.Admin) && !request.Roles!.Contains(Roles.Admin))
        {
            return Problem.Conflict("You cannot remove your own Admin role; ask another administrator.", "roles", "users.keep-own-admin");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(user).Property(u => u.Version).OriginalValue = expectedVersion;
        user.DisplayName = request.DisplayName!.Trim();
        user.UpdatedAt = time.UtcNow();
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return IdentityProblems.From(updated);
        }

        var toRemove = current.Except(request.Roles!, StringComparer.Ordinal).ToList();
        var toAdd = request.Roles!.Except(current, StringComparer.Ordinal).ToList();
        if (toRemove.Count > 0 && !(await users.RemoveFromRolesAsync(user, toRemove)).Succeeded)
        {
            return Problem.Conflict("The roles could not be changed.", "roles");
        }

        if (toAdd.Count > 0 && !(await users.AddToRolesAsync(user, toAdd)).Succeeded)
        {
            return Problem.Conflict("The roles could not be changed.", "roles");
        }

        await transaction.CommitAsync(ct);
        return await UserViews.LoadAsync(db, user, time.GetUtcNow(), ct);
    }
}

internal static class UpdateUserEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPut("/users/{id:guid}", (Guid id, UpdateUserRequest request, UpdateUserHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, request, ct)).Map(u => Results.Ok(u).WithETag(http, u.Version))))
            .RequireAuthorization(Policies.UserAdmin)
            .WithName("UpdateUser")
            .WithTags("Users")
            .WithSummary("Change a user's display name and roles (requires If-Match)")
            .Produces<UserView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }
}
