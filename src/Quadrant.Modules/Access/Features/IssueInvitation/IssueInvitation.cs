using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Access.Features.IssueInvitation;

public sealed record InvitationLink(Guid UserId, string InvitationUrl, DateTime ValidUntil);

/// <summary>
/// A new one-time link where the person sets their password: a fresh invitation, or a reset for someone
/// who forgot theirs. The first link used invalidates every other one (it changes the security stamp).
/// </summary>
internal sealed class IssueInvitationHandler(QuadrantDbContext db, UserManager<QuadrantUser> users, ActorContext actor, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public async Task<Outcome<InvitationLink>> Handle(Guid id, string baseUrl, CancellationToken ct)
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

        if (!user.IsActive)
        {
            return Problem.Conflict("The user is deactivated; reactivate them first.", null, "users.inactive");
        }

        var link = await Invitations.LinkAsync(users, user, baseUrl);
        return new InvitationLink(user.Id, link, time.GetUtcNow().UtcDateTime + Lifetime);
    }
}

internal static class IssueInvitationEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/users/{id:guid}/invitation", async (Guid id, IssueInvitationHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(id, PublicUrl.Of(http), ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.UserAdmin)
            .WithName("IssueInvitation")
            .WithTags("Users")
            .WithSummary("Issue a new one-time link where the user sets their password (invitation or reset), valid 7 days")
            .Produces<InvitationLink>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
