using Microsoft.AspNetCore.Identity;
using Quadrant.Modules.Access.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Access.Features.AcceptInvite;

public sealed record AcceptInviteRequest(Guid UserId, string? Token, string? Password);

/// <summary>An invited person chooses their password through the one-time link.</summary>
internal sealed class AcceptInviteHandler(UserManager<QuadrantUser> users, ActorContext actor)
{
    public async Task<Outcome<string>> Handle(AcceptInviteRequest request, CancellationToken ct)
    {
        var check = new Check().Required("token", request.Token, 2000).Required("password", request.Password, 256);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var user = await users.FindByIdAsync(request.UserId.ToString());
        if (user is null || !user.IsActive)
        {
            return Problem.Invalid("token", "This invitation is not valid.");
        }

        actor.SetUser(user.Id, user.Email ?? user.DisplayName);
        var result = await users.ResetPasswordAsync(user, request.Token!, request.Password!);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == "InvalidToken")
                ? Problem.Invalid("token", "This invitation link has expired or was already used. Ask an administrator for a new one.")
                : IdentityProblems.From(result);
        }

        return user.Email ?? "";
    }
}
