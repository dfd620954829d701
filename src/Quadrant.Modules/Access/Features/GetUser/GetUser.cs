using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Access.Features.GetUser;

internal sealed class GetUserHandler(QuadrantDbContext db, TimeProvider time, ActorContext actor)
{
    public async Task<Outcome<UserView>> Handle(Guid id, CancellationToken ct)
    {
        if (!actor.IsInAnyRole([Roles.Admin]))
        {
            return Problem.Forbidden("Managing users needs the Admin role.");
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        return user is null ? Problem.NotFound("user", id) : await UserViews.LoadAsync(db, user, time.GetUtcNow(), ct);
    }
}

internal static class GetUserEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/users/{id:guid}", async (Guid id, GetUserHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(u => Results.Ok(u).WithETag(http, u.Version)))
            .RequireAuthorization(Policies.UserAdmin)
            .WithName("GetUser")
            .WithTags("Users")
            .Produces<UserView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
