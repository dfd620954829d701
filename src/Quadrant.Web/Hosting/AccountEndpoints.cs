using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.Web.Hosting;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", async (SignInManager<QuadrantUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });
}
