using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.Shared;

/// <summary>A service as the API and the UI show it.</summary>
public sealed record ServiceView(
    Guid Id,
    string Name,
    string Description,
    Guid? OwnerId,
    string? OwnerName,
    ServiceLifecycle Lifecycle,
    ServiceCriticality Criticality,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? LiveSince,
    DateTime? RetiredAt,
    int Version);

internal static class ServiceViews
{
    public static ServiceView From(Service s, IReadOnlyDictionary<Guid, UserSummary> owners) =>
        new(s.Id, s.Name, s.Description, s.OwnerId,
            s.OwnerId is { } o && owners.TryGetValue(o, out var owner) ? owner.DisplayName : null,
            s.Lifecycle, s.Criticality, s.CreatedAt, s.UpdatedAt, s.LiveSince, s.RetiredAt, s.Version);

    public static async Task<ServiceView> LoadAsync(Service s, IUserDirectory users, CancellationToken ct) =>
        From(s, await users.FindManyAsync(s.OwnerId is { } o ? [o] : [], ct));

    /// <summary>The editable fields, shared by create and update.</summary>
    public static async Task<Check> CheckFieldsAsync(string? name, string? description, Guid? ownerId, ServiceCriticality? criticality,
        ServiceLifecycle? lifecycle, bool lifecycleRequired, IUserDirectory users, CancellationToken ct)
    {
        var check = new Check()
            .Required("name", name, Service.MaxName)
            .MaxLength("description", description, Service.MaxDescription)
            .Required("criticality", criticality);
        if (criticality is { } c && !Enum.IsDefined(c))
        {
            check.Add("criticality", "'criticality' must be low, medium, high or critical.");
        }

        if (lifecycleRequired)
        {
            check.Required("lifecycle", lifecycle);
        }

        if (lifecycle is { } l && !Enum.IsDefined(l))
        {
            check.Add("lifecycle", "'lifecycle' must be pipeline, live or retired.");
        }

        if (ownerId is { } owner)
        {
            var user = owner == Guid.Empty ? null : await users.FindAsync(owner, ct);
            if (user is null)
            {
                check.Add("ownerId", "'ownerId' is not a known user.");
            }
            else if (!user.IsActive)
            {
                check.Add("ownerId", "'ownerId' is a deactivated user; choose an active owner.");
            }
        }

        return check;
    }
}
