using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Catalogue.Features.RetireService;

internal sealed class RetireServiceHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<ServiceView>> Handle(Guid id, int expectedVersion, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Changing the catalogue needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
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

        db.Entry(service).Property(s => s.Version).OriginalValue = expectedVersion;
        service.Retire(time.UtcNow());
        await db.SaveChangesAsync(ct);
        return await ServiceViews.LoadAsync(service, users, ct);
    }
}

internal static class RetireServiceEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/services/{id:guid}/retire", (Guid id, RetireServiceHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, ct)).Map(s => Results.Ok(s).WithETag(http, s.Version))))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("RetireService")
            .WithTags("Services")
            .WithSummary("Retire a service (requires If-Match); a retired service is kept but can no longer be changed")
            .Produces<ServiceView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
