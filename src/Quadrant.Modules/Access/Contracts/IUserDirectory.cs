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

    /// <summary>Users by e-mail (any case), keyed by the e-mail in upper case; unknown addresses are left out. For imports.</summary>
    Task<IReadOnlyDictionary<string, UserSummary>> FindByEmailsAsync(IEnumerable<string> emails, CancellationToken ct);

    /// <summary>
    /// Adds a Requester account without a password (it waits for an invitation link) to the caller's unit
    /// of work, saved with it; for imports that meet an unknown requester.
    /// </summary>
    Task<UserSummary> CreateRequesterAsync(string email, string displayName, CancellationToken ct);
}
