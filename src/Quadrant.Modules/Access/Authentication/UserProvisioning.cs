using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Access.Features.Shared;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Access.Authentication;

internal sealed class UserProvisioning(QuadrantDbContext db, UserManager<QuadrantUser> users, TimeProvider time) : IUserProvisioning
{
    public async Task<UserSummary?> FindByEmailAsync(string email, CancellationToken ct)
    {
        var normalized = users.NormalizeEmail(email.Trim());
        return await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
            .Select(u => new UserSummary(u.Id, u.DisplayName, u.Email ?? "", u.IsActive))
            .FirstOrDefaultAsync(ct);
    }

    public async Task<UserSummary> CreateRequesterAsync(string email, string displayName, CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(displayName) ? email : displayName.Trim();
        if (name.Length > UserViews.MaxDisplayName)
        {
            name = name[..UserViews.MaxDisplayName];
        }

        var created = await UserAccounts.CreateAsync(db, users, email.Trim(), name, null, [Roles.Requester], time.UtcNow(), ct);
        if (!created.Succeeded)
        {
            throw new DomainRuleException("user.create", created.Problem!.Detail ?? "The requester could not be created.");
        }

        var user = created.Value!;
        return new UserSummary(user.Id, user.DisplayName, user.Email ?? "", user.IsActive);
    }

    public async Task<bool> IsStaffAsync(Guid userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive)
        {
            return false;
        }

        var roles = await users.GetRolesAsync(user);
        return roles.Any(r => Policies.IncidentWorkers.Contains(r, StringComparer.Ordinal));
    }
}
