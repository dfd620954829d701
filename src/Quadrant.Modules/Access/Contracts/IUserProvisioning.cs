namespace Quadrant.Modules.Access.Contracts;

/// <summary>Users as incoming e-mail sees them: found by address, or created as requesters.</summary>
public interface IUserProvisioning
{
    /// <summary>The user with this e-mail address (case-insensitive), active or not.</summary>
    Task<UserSummary?> FindByEmailAsync(string email, CancellationToken ct);

    /// <summary>Creates an active user with the Requester role and no password (they may be invited later).</summary>
    Task<UserSummary> CreateRequesterAsync(string email, string displayName, CancellationToken ct);

    /// <summary>Whether the user works incidents (Agent, ProcessOwner, ServiceOwner, SmsManager or Admin).</summary>
    Task<bool> IsStaffAsync(Guid userId, CancellationToken ct);
}
