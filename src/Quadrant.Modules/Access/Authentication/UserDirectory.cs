using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Access.Authentication;

internal sealed class UserDirectory(QuadrantDbContext db, UserManager<QuadrantUser> manager, TimeProvider time) : IUserDirectory
{
    private Guid? requesterRole;

    public async Task<IReadOnlyDictionary<string, UserSummary>> FindByEmailsAsync(IEnumerable<string> emails, CancellationToken ct)
    {
        var wanted = emails.Select(e => e.Trim().ToUpperInvariant()).Where(e => e.Length > 0).Distinct().ToList();
        var result = new Dictionary<string, UserSummary>(StringComparer.Ordinal);
        foreach (var chunk in wanted.Chunk(500))
        {
            var rows = await db.Users.AsNoTracking().Where(u => chunk.Contains(u.NormalizedEmail!))
                .Select(u => new { u.NormalizedEmail, Summary = new UserSummary(u.Id, u.DisplayName, u.Email ?? "", u.IsActive) }).ToListAsync(ct);
            foreach (var row in rows)
            {
                result[row.NormalizedEmail!] = row.Summary;
            }
        }

        return result;
    }

    public async Task<UserSummary> CreateRequesterAsync(string email, string displayName, CancellationToken ct)
    {
        // Added to the caller's unit of work (saved with its batch): no save per account. The unique
        // indexes on the normalized name and e-mail still refuse a duplicate when the batch is saved.
        requesterRole ??= await db.Roles.AsNoTracking().Where(r => r.Name == Roles.Requester).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("The Requester role does not exist.");
        var now = time.UtcNow();
        var user = new QuadrantUser
        {
            Id = Guid.CreateVersion7(now),
            Email = email,
            UserName = email,
            NormalizedEmail = manager.NormalizeEmail(email),
            NormalizedUserName = manager.NormalizeName(email),
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            DisplayName = displayName,
            EmailConfirmed = true,
            LockoutEnabled = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = requesterRole.Value });
        return new UserSummary(user.Id, user.DisplayName, email, user.IsActive);
    }

    public async Task<UserSummary?> FindAsync(Guid id, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new UserSummary(u.Id, u.DisplayName, u.Email ?? "", u.IsActive))
            .FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyDictionary<Guid, UserSummary>> FindManyAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<Guid, UserSummary>();
        }

        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id))
            .Select(u => new UserSummary(u.Id, u.DisplayName, u.Email ?? "", u.IsActive))
            .ToDictionaryAsync(u => u.Id, ct);
    }

    public async Task<IReadOnlyList<UserSummary>> SearchAsync(string? text, int limit, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking().Where(u => u.IsActive);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim().ToUpperInvariant();
            query = query.Where(u => u.DisplayName.ToUpper().Contains(t) || u.NormalizedEmail!.Contains(t));
        }

        return await query.OrderBy(u => u.DisplayName).Take(Math.Clamp(limit, 1, 100))
            .Select(u => new UserSummary(u.Id, u.DisplayName, u.Email ?? "", u.IsActive))
            .ToListAsync(ct);
    }
}
