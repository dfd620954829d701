using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.ServiceDependencies;

public sealed record ServiceLink(Guid Id, string Name, ServiceLifecycle Lifecycle, ServiceCriticality Criticality);

/// <summary>What a service depends on, and which services depend on it (impact).</summary>
public sealed record ServiceDependenciesView(Guid ServiceId, int Version, IReadOnlyList<ServiceLink> DependsOn, IReadOnlyList<ServiceLink> UsedBy);

public sealed record SetDependenciesRequest(IReadOnlyList<Guid>? DependsOn);

internal sealed class ServiceDependenciesHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public const int MaxDependencies = 100;
    private const long GraphLockKey = 0x5155414447524150; // "QUADGRAP"

    public async Task<Outcome<ServiceDependenciesView>> Get(Guid id, CancellationToken ct)
    {
        var service = await db.Set<Service>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return service is null ? Problem.NotFound("service", id) : await ViewAsync(service, ct);
    }

    /// <summary>Replaces the services this one depends on. Refuses unknown or retired services and cycles.</summary>
    public async Task<Outcome<ServiceDependenciesView>> Set(Guid id, int expectedVersion, SetDependenciesRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Changing the catalogue needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var wanted = request.DependsOn;
        if (wanted is null)
        {
            return Problem.Invalid("dependsOn", "'dependsOn' is required: the ids of the services this one depends on (may be empty).");
        }

        var check = new Check()
            .That(wanted.Count <= MaxDependencies, "dependsOn", $"At most {MaxDependencies} dependencies.")
            .That(wanted.Distinct().Count() == wanted.Count, "dependsOn", "A service is listed twice.");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        // One writer of the graph at a time, so two concurrent changes cannot close a cycle between them.
        // SQLite: the transaction takes the write lock at once. PostgreSQL: a transaction-scoped advisory lock.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({GraphLockKey})", ct);
        }

        var service = await db.Set<Service>().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (service is null)
        {
            return Problem.NotFound("service", id);
        }

        if (service.Version != expectedVersion)
        {
            return Problem.StaleVersion(service.Version);
        }

        var targets = await db.Set<Service>().Where(s => wanted.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        for (var i = 0; i < wanted.Count; i++)
        {
            if (!targets.TryGetValue(wanted[i], out var target))
            {
                check.Add($"dependsOn[{i}]", $"'{wanted[i]}' is not a service.");
            }
            else if (target.Lifecycle == ServiceLifecycle.Retired && !await db.Set<ServiceDependency>().AnyAsync(d => d.ServiceId == id && d.DependsOnId == target.Id, ct))
            {
                check.Add($"dependsOn[{i}]", $"'{target.Name}' is retired; a service cannot start depending on it.");
            }
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var edges = (await db.Set<ServiceDependency>().AsNoTracking().Where(d => d.ServiceId != id)
            .Select(d => new { d.ServiceId, d.DependsOnId }).ToListAsync(ct)).ToLookup(e => e.ServiceId, e => e.DependsOnId);
        var names = await db.Set<Service>().AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        for (var i = 0; i < wanted.Count; i++)
        {
            if (DependencyGraph.CycleIfAdded(id, wanted[i], edges) is { } cycle)
            {
                check.Add($"dependsOn[{i}]", $"That dependency would make a cycle: {string.Join(" → ", cycle.Select(c => names.GetValueOrDefault(c, c.ToString())))}.");
            }
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var current = await db.Set<ServiceDependency>().Where(d => d.ServiceId == id).ToListAsync(ct);
        var now = time.UtcNow();
        db.RemoveRange(current.Where(d => !wanted.Contains(d.DependsOnId)));
        foreach (var target in wanted.Where(w => current.All(d => d.DependsOnId != w)))
        {
            db.Add(ServiceDependency.Create(id, targets[target], now));
        }

        db.Entry(service).Property(s => s.Version).OriginalValue = expectedVersion;
        service.DependenciesChanged(now);
        // The version must move even when the clock has not (the row is otherwise unchanged).
        db.Entry(service).Property(s => s.UpdatedAt).IsModified = true;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await ViewAsync(service, ct);
    }

    private async Task<ServiceDependenciesView> ViewAsync(Service service, CancellationToken ct)
    {
        var dependsOn = await (from d in db.Set<ServiceDependency>().AsNoTracking()
                               join s in db.Set<Service>() on d.DependsOnId equals s.Id
                               where d.ServiceId == service.Id
                               orderby s.Name
                               select new ServiceLink(s.Id, s.Name, s.Lifecycle, s.Criticality)).ToListAsync(ct);
        var usedBy = await (from d in db.Set<ServiceDependency>().AsNoTracking()
                            join s in db.Set<Service>() on d.ServiceId equals s.Id
                            where d.DependsOnId == service.Id
                            orderby s.Name
                            select new ServiceLink(s.Id, s.Name, s.Lifecycle, s.Criticality)).ToListAsync(ct);
        return new ServiceDependenciesView(service.Id, service.Version, dependsOn, usedBy);
    }
}

internal static class ServiceDependenciesEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/services/{id:guid}/dependencies", async (Guid id, ServiceDependenciesHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Get(id, ct)).Map(v => Results.Ok(v).WithETag(http, v.Version)))
            .WithName("GetServiceDependencies")
            .WithTags("Services")
            .WithSummary("The services this one depends on, and the services that depend on it")
            .Produces<ServiceDependenciesView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/services/{id:guid}/dependencies", (Guid id, SetDependenciesRequest request, ServiceDependenciesHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Set(id, version, request, ct)).Map(v => Results.Ok(v).WithETag(http, v.Version))))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("SetServiceDependencies")
            .WithTags("Services")
            .WithSummary("Replace the services this one depends on (requires the service's If-Match); cycles are refused")
            .Produces<ServiceDependenciesView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }
}
