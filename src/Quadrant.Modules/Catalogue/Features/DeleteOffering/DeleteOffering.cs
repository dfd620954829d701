using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Offerings;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue.Features.DeleteOffering;

/// <summary>Removes an offering for good; its history stays in the audit trail. To hide it for a while, set isOffered to false instead.</summary>
internal sealed class DeleteOfferingHandler(QuadrantDbContext db, ActorContext actor)
{
    public async Task<Outcome<bool>> Handle(Guid serviceId, Guid id, int expectedVersion, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Changing the catalogue needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var offering = await db.Set<ServiceOffering>().FirstOrDefaultAsync(o => o.Id == id && o.ServiceId == serviceId, ct);
        if (offering is null)
        {
            return Problem.NotFound("offering", id);
        }

        if (offering.Version != expectedVersion)
        {
            return Problem.StaleVersion(offering.Version);
        }

        var service = await db.Set<Service>().AsNoTracking().FirstAsync(s => s.Id == serviceId, ct);
        offering.EnsureRemovable(service);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(offering).Property(o => o.Version).OriginalValue = expectedVersion;
        db.RemoveRange(await db.Set<ServiceOfferingCustomer>().Where(oc => oc.OfferingId == id).ToListAsync(ct));
        db.Remove(offering);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}

internal static class DeleteOfferingEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapDelete("/services/{serviceId:guid}/offerings/{id:guid}", (Guid serviceId, Guid id, DeleteOfferingHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(serviceId, id, version, ct)).Map(_ => Results.NoContent())))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("DeleteOffering")
            .WithTags("Offerings")
            .WithSummary("Delete an offering (requires If-Match); its history stays in the audit trail")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
