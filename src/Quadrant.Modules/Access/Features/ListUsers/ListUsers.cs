using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Access.Features.ListUsers;

public sealed record ListUsersQuery(string? Search = null, string? Role = null, string? Active = null,
    string? Limit = null, string? Sort = null, string? Cursor = null);

internal sealed class ListUsersHandler(QuadrantDbContext db, TimeProvider time, ActorContext actor)
{
    internal static readonly Keyset<QuadrantUser> Keyset = new Keyset<QuadrantUser>(u => u.Id, "displayName")
        .Sort("displayName", u => u.DisplayName)
        .Sort("email", u => u.NormalizedEmail!)
        .Sort("createdAt", u => u.CreatedAt);

    public async Task<Outcome<Page<UserView>>> Handle(ListUsersQuery query, CancellationToken ct)
    {
        if (!actor.IsInAnyRole([Roles.Admin]))
        {
            return Problem.Forbidden("Managing users needs the Admin role.");
        }

        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            if (query.Search.Length > 200)
            {
                return Problem.Invalid("search", "'search' must be at most 200 characters.");
            }

            var text = query.Search.Trim().ToUpperInvariant();
            users = users.Where(u => u.DisplayName.ToUpper().Contains(text) || u.NormalizedEmail!.Contains(text));
        }

        if (!string.IsNullOrWhiteSpace(query.Role))
        {
            if (!Roles.IsKnown(query.Role))
            {
                return Problem.Invalid("role", $"'role' must be one of {string.Join(", ", Roles.All)}.");
            }

            var roleId = await db.Roles.Where(r => r.Name == query.Role).Select(r => r.Id).FirstOrDefaultAsync(ct);
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }

        if (!string.IsNullOrWhiteSpace(query.Active))
        {
            if (!bool.TryParse(query.Active, out var active))
            {
                return Problem.Invalid("active", "'active' must be true or false.");
            }

            users = users.Where(u => u.IsActive == active);
        }

        var now = time.GetUtcNow();
        var result = await Keyset.ToPageAsync(users, page.Value!, u => u, ct);
        var roles = await UserViews.RolesOfAsync(db, result.Items.Select(u => u.Id), ct);
        return new Page<UserView>(result.Items.Select(u => UserViews.From(u, roles.GetValueOrDefault(u.Id) ?? [], now)).ToList(),
            result.NextCursor, result.Limit, result.Sort);
    }
}

internal static class ListUsersEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/users", async ([AsParameters] ListUsersQuery query, ListUsersHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.UserAdmin)
            .WithName("ListUsers")
            .WithTags("Users")
            .WithSummary("List users (paged; filter by search text, role, active)")
            .Produces<Page<UserView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
