using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Access.Features.Shared;

public sealed record UserView(
    Guid Id,
    string Email,
    string DisplayName,
    IReadOnlyList<string> Roles,
    bool IsActive,
    bool LockedOut,
    bool HasPassword,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DeactivatedAt,
    int Version);

internal static class UserViews
{
    public const int MaxDisplayName = 200;
    public const int MaxEmail = 256;

    public static UserView From(QuadrantUser user, IReadOnlyList<string> roles, DateTimeOffset now) =>
        new(user.Id, user.Email ?? "", user.DisplayName, roles.Order(StringComparer.Ordinal).ToList(), user.IsActive,
            user.LockoutEnd is { } end && end > now, user.PasswordHash is not null, user.CreatedAt, user.UpdatedAt, user.DeactivatedAt, user.Version);

    public static async Task<Dictionary<Guid, List<string>>> RolesOfAsync(QuadrantDbContext db, IEnumerable<Guid> userIds, CancellationToken ct)
    {
        var ids = userIds.ToList();
        var rows = await (from ur in db.UserRoles
                          join r in db.Roles on ur.RoleId equals r.Id
                          where ids.Contains(ur.UserId)
                          select new { ur.UserId, r.Name }).ToListAsync(ct);
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Name!).ToList());
    }

    public static async Task<UserView> LoadAsync(QuadrantDbContext db, QuadrantUser user, DateTimeOffset now, CancellationToken ct)
    {
        var roles = await RolesOfAsync(db, [user.Id], ct);
        return From(user, roles.GetValueOrDefault(user.Id) ?? [], now);
    }

    /// <summary>Validates a role list: at least one, each known, no repeats.</summary>
    public static void CheckRoles(Common.Validation.Check check, IReadOnlyList<string>? roles)
    {
        if (roles is null || roles.Count == 0)
        {
            check.Add("roles", "At least one role is required.");
            return;
        }

        for (var i = 0; i < roles.Count; i++)
        {
            if (!Common.Identity.Roles.IsKnown(roles[i]))
            {
                check.Add($"roles[{i}]", $"'{roles[i]}' is not a role. Roles: {string.Join(", ", Common.Identity.Roles.All)}.");
            }
        }

        if (roles.Distinct(StringComparer.Ordinal).Count() != roles.Count)
        {
            check.Add("roles", "A role is listed twice.");
        }
    }
}

internal static class Invitations
{
    public static async Task<string> LinkAsync(UserManager<QuadrantUser> users, QuadrantUser user, string baseUrl)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return $"{baseUrl.TrimEnd('/')}/account/accept-invite?user={user.Id}&token={Uri.EscapeDataString(token)}";
    }
}

/// <summary>The base URL put into links sent to people: Quadrant:PublicUrl when set, else the request's own.</summary>
internal static class PublicUrl
{
    public static string Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var configured = http.RequestServices.GetService<Microsoft.Extensions.Configuration.IConfiguration>()?["Quadrant:PublicUrl"];
        return string.IsNullOrWhiteSpace(configured) ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}" : configured.TrimEnd('/');
    }
}

internal static class IdentityProblems
{
    /// <summary>Maps Identity's error codes to the request field they concern.</summary>
    public static Problem From(IdentityResult result)
    {
        var check = new Check();
        foreach (var error in result.Errors)
        {
            var field = error.Code switch
            {
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "password",
                _ when error.Code.Contains("Email", StringComparison.Ordinal) => "email",
                _ when error.Code.Contains("UserName", StringComparison.Ordinal) => "email",
                _ when error.Code.Contains("Role", StringComparison.Ordinal) => "roles",
                "ConcurrencyFailure" => "If-Match",
                _ => "body",
            };
            check.Add(field, error.Description);
        }

        if (result.Errors.Any(e => e.Code == "ConcurrencyFailure"))
        {
            return new Problem(StatusCodes.Status409Conflict, "The record was changed by someone else.",
                "Reload the user and apply your change again.", new Dictionary<string, string[]> { ["If-Match"] = ["Stale version."] }, "concurrency");
        }

        return result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
            ? Problem.Conflict(result.Errors.First().Description, "email")
            : check.ToProblem();
    }
}
