namespace Quadrant.Modules.ServiceDesk.Contracts;

/// <summary>An assignment group as other modules may see it.</summary>
public sealed record AssignmentGroupSummary(Guid Id, string Name, string? Email, Guid? ManagerId, bool IsActive, IReadOnlyList<Guid> MemberIds);

/// <summary>What other modules may ask about assignment groups (request tasks, escalation, mail).</summary>
public interface IAssignmentGroups
{
    Task<AssignmentGroupSummary?> FindAsync(Guid id, CancellationToken ct);

    Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct);

    /// <summary>The active groups <paramref name="userId"/> belongs to.</summary>
    Task<IReadOnlyList<Guid>> GroupsOfAsync(Guid userId, CancellationToken ct);
}
