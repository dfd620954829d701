using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.Catalogue.Domain;

/// <summary>"Service depends on another service": an edge of the catalogue's dependency graph.</summary>
internal sealed class ServiceDependency : IAuditedAsPartOf
{
    private ServiceDependency()
    {
    }

    public Guid ServiceId { get; private set; }

    public Guid DependsOnId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Shown in the audit trail: the name of the service depended on.</summary>
    public string DependsOnName { get; private set; } = "";

    string IAuditedAsPartOf.OwnerRecordType => nameof(Service);

    Guid IAuditedAsPartOf.OwnerRecordId => ServiceId;

    string IAuditedAsPartOf.Field => "dependsOn";

    string IAuditedAsPartOf.Value => DependsOnName;

    public static ServiceDependency Create(Guid serviceId, Service dependsOn, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(dependsOn);
        return new ServiceDependency { ServiceId = serviceId, DependsOnId = dependsOn.Id, DependsOnName = dependsOn.Name, CreatedAt = now };
    }
}

/// <summary>The rules of the dependency graph: no self-dependency and no cycles.</summary>
internal static class DependencyGraph
{
    /// <summary>
    /// The path that adding "<paramref name="service"/> depends on <paramref name="dependsOn"/>" would close
    /// into a cycle (dependsOn … service), or null when the edge is safe.
    /// </summary>
    public static IReadOnlyList<Guid>? CycleIfAdded(Guid service, Guid dependsOn, ILookup<Guid, Guid> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (service == dependsOn)
        {
            return [service, service];
        }

        // Breadth-first from dependsOn along "depends on" edges; reaching service closes a cycle.
        var cameFrom = new Dictionary<Guid, Guid> { [dependsOn] = dependsOn };
        var queue = new Queue<Guid>([dependsOn]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in edges[current])
            {
                if (cameFrom.ContainsKey(next))
                {
                    continue;
                }

                cameFrom[next] = current;
                if (next == service)
                {
                    var path = new List<Guid> { service };
                    for (var at = service; at != dependsOn;)
                    {
                        at = cameFrom[at];
                        path.Add(at);
                    }

                    path.Reverse();
                    return [service, .. path];
                }

                queue.Enqueue(next);
            }
        }

        return null;
    }
}
