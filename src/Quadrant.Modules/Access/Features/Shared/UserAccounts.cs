using Microsoft.AspNetCore.Identity;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Access.Features.Shared;

/// <summary>Creating an account: the one way every path (admin, first-admin setup, bootstrap, demo) makes a user.</summary>
internal static class UserAccounts
{
    /// <summary>
    /// Creates the user with its roles in one transaction. Without a password the account waits for an
    /// invitation link to be used.
    /// </summary>
    public static async Task<Outcome<QuadrantUser>> CreateAsync(QuadrantDbContext db, UserManager<QuadrantUser> users, string email,
        string displayName, string? password, IReadOnlyList<string> roles, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        var user = new QuadrantUser
        {
            Id = Guid.CreateVersion7(now),
            Email = email,
            UserName = email,
            DisplayName = displayName,
            EmailConfirmed = true,
            CreatedAt = now,
            UpdatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = string.IsNullOrEmpty(password) ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return IdentityProblems.From(created);
        }

        var added = await users.AddToRolesAsync(user, roles);
        if (!added.Succeeded)
        {
            return IdentityProblems.From(added);
        }

        await transaction.CommitAsync(ct);
        return user;
    }
}
