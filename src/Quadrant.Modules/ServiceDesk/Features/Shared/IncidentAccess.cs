using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Shared;

/// <summary>
/// Which incidents the acting person may read. Staff read all. A requester reads the ones they
/// reported and, when an administrator granted it, those of their organization (the customer their
/// requester profile names); nothing else exists for them (404). Only staff change incidents; a
/// requester comments on, confirms or rejects only the ones they reported.
/// </summary>
internal sealed record IncidentAccess(bool Staff, Guid? UserId, Guid? OrganizationId)
{
    public static async Task<IncidentAccess> LoadAsync(QuadrantDbContext db, ActorContext actor, CancellationToken ct)
    {
        if (IncidentViews.IsStaff(actor))
        {
            return new IncidentAccess(true, actor.UserId, null);
        }

        var me = actor.UserId;
        var organization = me is null
            ? null
            : await db.Set<RequesterProfile>().AsNoTracking().Where(p => p.UserId == me && p.SeesOrganizationIncidents).Select(p => p.CustomerId).FirstOrDefaultAsync(ct);
        return new IncidentAccess(false, me, organization);
    }

    public IQueryable<Incident> Filter(IQueryable<Incident> incidents)
    {
        if (Staff)
        {
            return incidents;
        }

        var me = UserId ?? Guid.Empty;
        return OrganizationId is { } org
            ? incidents.Where(i => i.RequesterId == me || i.CustomerId == org)
            : incidents.Where(i => i.RequesterId == me);
    }

    public bool CanRead(Incident incident) =>
        Staff || (UserId is { } me && incident.RequesterId == me) || (OrganizationId is { } org && incident.CustomerId == org);

    public bool IsRequesterOf(Incident incident) => UserId is { } me && incident.RequesterId == me;
}
