using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Access.Authentication;

internal sealed class UserDirectory(QuadrantDbContext db, UserManager<QuadrantUser> manager, TimeProvider time) : IUserDirectory
{
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
        var now = time.UtcNow();
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
        var created = await manager.CreateAsync(user);
        if (created.Succeeded)
        {
            created = await manager.AddToRoleAsync(user, Roles.Requester);
        }

        return created.Succeeded
            ? new UserSummary(user.Id, user.DisplayName, email, user.IsActive)
            : throw new DomainRuleException("user.create", string.Join(" ", created.Errors.Select(e => e.Description)), "requester");
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
