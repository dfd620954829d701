using Microsoft.AspNetCore.Http;
using Quadrant.Modules.Common.Identity;

namespace Quadrant.Modules.Common.Http;

/// <summary>Records the authenticated user of an HTTP request as the actor of its unit of work.</summary>
public sealed class ActorMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, ActorContext actor)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(actor);
        actor.Set(context.User);
        return next(context);
    }
}
