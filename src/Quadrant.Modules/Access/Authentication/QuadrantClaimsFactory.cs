using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.Modules.Access.Authentication;

/// <summary>Adds the person's display name to the sign-in cookie, so pages can greet them by name.</summary>
internal sealed class QuadrantClaimsFactory(UserManager<QuadrantUser> users, RoleManager<QuadrantRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<QuadrantUser, QuadrantRole>(users, roles, options)
{
    public const string DisplayNameClaim = "display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(QuadrantUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        return identity;
    }
}
