namespace Quadrant.Modules.ServiceDesk.Domain;

/// <summary>
/// A team that works records together (the service desk, network, a supplier's desk). Incidents,
/// requests and tasks are assigned to a group and, within it, to one of its members. Its manager is
/// the person hierarchic escalation notifies. Groups are retired (inactive), never deleted, so
/// history keeps its names.
/// </summary>
internal sealed class AssignmentGroup
{
    public const int MaxName = 100;
    public const int MaxDescription = 1_000;
    public const int MaxEmail = 254;
    public const int MaxMembers = 500;

    private readonly List<AssignmentGroupMember> members = [];

    private AssignmentGroup()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public string? Email { get; private set; }

    public Guid? ManagerId { get; private set; }

    public bool IsActive { get; private set; } = true;

    public IReadOnlyList<AssignmentGroupMember> Members => members;

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public static AssignmentGroup Create(string name, string description, string? email, Guid? managerId, IEnumerable<Guid> memberIds, DateTime now)
    {
        var group = new AssignmentGroup { Id = Guid.CreateVersion7(now), CreatedAt = now };
        group.Edit(name, description, email, managerId, memberIds, true, now);
        return group;
    }

    public void Edit(string name, string description, string? email, Guid? managerId, IEnumerable<Guid> memberIds, bool isActive, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        Name = name;
        Description = description;
        Email = string.IsNullOrWhiteSpace(email) ? null : email;
        ManagerId = managerId;
        IsActive = isActive;
        var wanted = memberIds.Distinct().ToHashSet();
        members.RemoveAll(m => !wanted.Contains(m.UserId));
        foreach (var userId in wanted.Where(u => members.All(m => m.UserId != u)))
        {
            members.Add(new AssignmentGroupMember(Id, userId));
        }

        UpdatedAt = now;
    }

    public bool HasMember(Guid userId) => members.Any(m => m.UserId == userId);
}

/// <summary>A person in an assignment group.</summary>
internal sealed class AssignmentGroupMember(Guid groupId, Guid userId)
{
    public Guid GroupId { get; private set; } = groupId;

    public Guid UserId { get; private set; } = userId;
}
