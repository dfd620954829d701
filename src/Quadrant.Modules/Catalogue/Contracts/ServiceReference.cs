namespace Quadrant.Modules.Catalogue.Contracts;

/// <summary>A service as other modules may refer to it.</summary>
public sealed record ServiceReference(Guid Id, string Name, string Lifecycle, string Criticality);

/// <summary>A customer as other modules may refer to it.</summary>
public sealed record CustomerReference(Guid Id, string Name);

/// <summary>What other modules may ask the catalogue.</summary>
public interface IServiceCatalogue
{
    Task<ServiceReference?> FindAsync(Guid id, CancellationToken ct);

    Task<CustomerReference?> FindCustomerAsync(Guid id, CancellationToken ct);

    /// <summary>Names of services and customers by id, for lists (unknown ids are left out).</summary>
    Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct);

    Task<int> CountLiveAsync(CancellationToken ct);

    /// <summary>Number of services per lifecycle state ("pipeline", "live", "retired").</summary>
    Task<IReadOnlyDictionary<string, int>> CountByLifecycleAsync(CancellationToken ct);

    /// <summary>Live services whose name contains <paramref name="text"/> (any case; all when empty), by name, at most <paramref name="limit"/>; for pickers.</summary>
    Task<IReadOnlyList<ServiceReference>> SearchServicesAsync(string? text, int limit, CancellationToken ct);

    /// <summary>Customers whose name contains <paramref name="text"/> (any case; all when empty), by name, at most <paramref name="limit"/>; for pickers.</summary>
    Task<IReadOnlyList<CustomerReference>> SearchCustomersAsync(string? text, int limit, CancellationToken ct);

    /// <summary>Every service (any lifecycle) and every customer, for resolving names in bulk (imports).</summary>
    Task<(IReadOnlyList<ServiceReference> Services, IReadOnlyList<CustomerReference> Customers)> DirectoryAsync(CancellationToken ct);
}
