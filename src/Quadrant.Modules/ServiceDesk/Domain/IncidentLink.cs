namespace Quadrant.Modules.ServiceDesk.Domain;

/// <summary>
/// Two incidents that belong together (the same outage reported twice, a cause and its effects). Links
/// go both ways: one row per direction, written and removed together, so either incident lists the other
/// with an index read.
/// </summary>
internal sealed class IncidentLink
{
    public const int MaxLinks = 100;

    private IncidentLink()
    {
    }

    public Guid IncidentId { get; private set; }

    public Guid RelatedId { get; private set; }

    public Guid? CreatedById { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static (IncidentLink Forward, IncidentLink Back) Between(Guid a, Guid b, Guid? by, DateTime now)
    {
        if (a == b)
        {
            throw new Common.Validation.DomainRuleException("incident.link-self", "An incident cannot be related to itself.", "relatedId");
        }

        return (new IncidentLink { IncidentId = a, RelatedId = b, CreatedById = by, CreatedAt = now },
            new IncidentLink { IncidentId = b, RelatedId = a, CreatedById = by, CreatedAt = now });
    }
}
