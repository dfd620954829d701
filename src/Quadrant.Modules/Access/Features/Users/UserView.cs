using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Access.Features.Users;

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
