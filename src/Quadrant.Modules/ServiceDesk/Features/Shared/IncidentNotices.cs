using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Notifications;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Shared;

/// <summary>In-app notifications about incidents: to watchers, to management. Added to the caller's unit of work.</summary>
internal static class IncidentNotices
{
    public static async Task WatchersAsync(QuadrantDbContext db, Incident incident, Guid? except, string kind, string title, string body, DateTime now, CancellationToken ct)
    {
        var watchers = await db.Set<IncidentWatcher>().AsNoTracking().Where(w => w.IncidentId == incident.Id).Select(w => w.UserId).ToListAsync(ct);
        foreach (var user in watchers.Where(u => u != except))
        {
            db.Add(Notification.Create(user, kind, $"{incident.Reference}: {title}", body, Link(incident.Id), now));
        }
    }

    public static Task UsersAsync(QuadrantDbContext db, IEnumerable<Guid> users, Incident incident, string kind, string title, string body, DateTime now)
    {
        foreach (var user in users.Distinct())
        {
            db.Add(Notification.Create(user, kind, $"{incident.Reference}: {title}", body, Link(incident.Id), now));
        }

        return Task.CompletedTask;
    }

    /// <summary>Active users holding any of the roles.</summary>
    public static async Task<List<Guid>> InRolesAsync(QuadrantDbContext db, IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        var roleIds = db.Roles.Where(r => roles.Contains(r.Name!)).Select(r => r.Id);
        var userIds = db.UserRoles.Where(ur => roleIds.Contains(ur.RoleId)).Select(ur => ur.UserId);
        return await db.Set<QuadrantUser>().AsNoTracking().Where(u => userIds.Contains(u.Id) && u.IsActive).Select(u => u.Id).Distinct().ToListAsync(ct);
    }

    public static string Link(Guid incidentId) => $"/incidents/{incidentId}";
}
