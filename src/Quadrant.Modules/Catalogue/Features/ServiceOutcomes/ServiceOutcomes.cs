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

namespace Quadrant.Modules.Catalogue.Features.ServiceOutcomes;

/// <summary>A service's intended outcomes: what its customers get out of it. <c>Version</c> is the service's.</summary>
public sealed record ServiceOutcomesView(Guid ServiceId, int Version, IReadOnlyList<string> Outcomes);

public sealed record SetOutcomesRequest(IReadOnlyList<string?>? Outcomes);

internal sealed class ServiceOutcomesHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<ServiceOutcomesView>> Get(Guid id, CancellationToken ct)
    {
        var service = await db.Set<Service>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return service is null ? Problem.NotFound("service", id) : new ServiceOutcomesView(service.Id, service.Version, service.OutcomeList());
    }

    /// <summary>Replaces the list. Needs the service's version; moves it when the list changed.</summary>
    public async Task<Outcome<ServiceOutcomesView>> Set(Guid id, int expectedVersion, SetOutcomesRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Changing the catalogue needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        if (request.Outcomes is null)
        {
            return Problem.Invalid("outcomes", "'outcomes' is required: the list of intended outcomes (may be empty).");
        }

        var check = new Check();
        var outcomes = OutcomeRules.Clean(request.Outcomes, check);
        if (!check.IsValid)
        {
            return check.ToProblem();
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

        if (!service.OutcomeList().SequenceEqual(outcomes, StringComparer.Ordinal))
        {
            db.Entry(service).Property(s => s.Version).OriginalValue = expectedVersion;
            service.SetOutcomes(outcomes, time.UtcNow());
            await db.SaveChangesAsync(ct);
        }
        else
        {
            // Nothing to change, but a retired service still refuses the request.
            service.EnsureChangeable();
        }

        return new ServiceOutcomesView(service.Id, service.Version, service.OutcomeList());
    }
}

internal static class ServiceOutcomesEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/services/{id:guid}/outcomes", async (Guid id, ServiceOutcomesHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Get(id, ct)).Map(v => Results.Ok(v).WithETag(http, v.Version)))
            .WithName("GetServiceOutcomes")
            .WithTags("Services")
            .WithSummary("The service's intended outcomes; the ETag is the service's")
            .Produces<ServiceOutcomesView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/services/{id:guid}/outcomes", (Guid id, SetOutcomesRequest request, ServiceOutcomesHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Set(id, version, request, ct)).Map(v => Results.Ok(v).WithETag(http, v.Version))))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("SetServiceOutcomes")
            .WithTags("Services")
            .WithSummary("Replace the service's intended outcomes (requires the service's If-Match)")
            .Produces<ServiceOutcomesView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }
}
