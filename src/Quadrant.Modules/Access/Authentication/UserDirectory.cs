using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Access.Authentication;

internal sealed class UserDirectory(QuadrantDbContext db) : IUserDirectory
{
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
