using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Shared;

/// <summary>The parts of an incident whose changes its history records.</summary>
internal readonly record struct IncidentState(IncidentStatus Status, int Priority, Guid? GroupId, Guid? AssigneeId)
{
    public static IncidentState Of(Incident incident) => new(incident.Status, incident.Priority, incident.AssignmentGroupId, incident.AssigneeId);
}

/// <summary>Writes <see cref="IncidentEvent"/> rows for what changed between two states, in the caller's unit of work.</summary>
internal static class IncidentHistory
{
    public static void Created(QuadrantDbContext db, Incident incident, Guid? actorId, DateTime at, IncidentEventKind kind = IncidentEventKind.Created, string? note = null)
    {
        db.Add(IncidentEvent.Create(incident.Id, kind, null, Incident.Describe(incident.Status), note, actorId, at));
        Changed(db, incident, new IncidentState(incident.Status, incident.Priority, null, null), actorId, at, null);
    }

    public static void Changed(QuadrantDbContext db, Incident incident, IncidentState before, Guid? actorId, DateTime at, string? note)
    {
        var after = IncidentState.Of(incident);
        if (before.Status != after.Status)
        {
            db.Add(IncidentEvent.Create(incident.Id, IncidentEventKind.StatusChanged, Incident.Describe(before.Status), Incident.Describe(after.Status), note, actorId, at));
        }

        if (before.Priority != after.Priority)
        {
            db.Add(IncidentEvent.Create(incident.Id, IncidentEventKind.PriorityChanged, $"{before.Priority}", $"{after.Priority}", null, actorId, at));
        }

        if (before.GroupId != after.GroupId)
        {
            db.Add(IncidentEvent.Create(incident.Id, IncidentEventKind.GroupChanged, before.GroupId?.ToString(), after.GroupId?.ToString(), null, actorId, at));
        }

        if (before.AssigneeId != after.AssigneeId)
        {
            db.Add(IncidentEvent.Create(incident.Id, IncidentEventKind.Assigned, before.AssigneeId?.ToString(), after.AssigneeId?.ToString(), null, actorId, at));
        }
    }
}
