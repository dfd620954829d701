namespace Quadrant.Modules.Access.Contracts;

/// <summary>A person as other modules may see them.</summary>
public sealed record UserSummary(Guid Id, string DisplayName, string Email, bool IsActive);

/// <summary>What other modules may ask about users (owners, assignees, approvers).</summary>
public interface IUserDirectory
{
    Task<UserSummary?> FindAsync(Guid id, CancellationToken ct);

    Task<IReadOnlyDictionary<Guid, UserSummary>> FindManyAsync(IEnumerable<Guid> ids, CancellationToken ct);

    /// <summary>Active users, optionally filtered by a name or e-mail fragment, for pickers.</summary>
    Task<IReadOnlyList<UserSummary>> SearchAsync(string? text, int limit, CancellationToken ct);
}
