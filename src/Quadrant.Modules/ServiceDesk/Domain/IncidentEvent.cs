namespace Quadrant.Modules.ServiceDesk.Domain;

public enum IncidentEventKind
{
    Created = 1,
    StatusChanged = 2,
    Assigned = 3,
    PriorityChanged = 4,
    Imported = 5,
    GroupChanged = 6,
    Escalated = 7,
    MajorDeclared = 8,
    Linked = 9,
    Unlinked = 10,
}

/// <summary>
/// One step in an incident's history: created, a status change (with the pending reason or
/// resolution), a new assignee (ids in From/To), a new group (ids), a new priority. Written in the same transaction as the change,
/// with the instant it happened (an import writes the instants of the source system). The record
/// page's timeline and reporting (time in status, reassignment counts) read these rows.
/// </summary>
internal sealed class IncidentEvent
{
    public const int MaxValue = 200;
    public const int MaxNote = 2_000;

    private IncidentEvent()
    {
    }

    public Guid Id { get; private set; }

    public Guid IncidentId { get; private set; }

    public IncidentEventKind Kind { get; private set; }

    public string? From { get; private set; }

    public string? To { get; private set; }

    public string? Note { get; private set; }

    public Guid? ActorId { get; private set; }

    public DateTime At { get; private set; }

    public static IncidentEvent Create(Guid incidentId, IncidentEventKind kind, string? from, string? to, string? note, Guid? actorId, DateTime at) =>
        new()
        {
            Id = Guid.CreateVersion7(at),
            IncidentId = incidentId,
            Kind = kind,
            From = Cut(from, MaxValue),
            To = Cut(to, MaxValue),
            Note = Cut(note, MaxNote),
            ActorId = actorId,
            At = at,
        };

    private static string? Cut(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
