using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Offerings;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Catalogue.Features.UpdateOffering;

/// <summary>Replaces an offering's fields and customers (PUT semantics: omitted optional fields are cleared).</summary>
internal sealed class UpdateOfferingHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<OfferingView>> Handle(Guid serviceId, Guid id, int expectedVersion, OfferingRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Changing the catalogue needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var (check, customers) = await OfferingViews.ValidateAsync(request, db, ct);
        check.Required("isOffered", request.IsOffered);
        if (!check.IsValid)
        {
            return check.ToProblem();
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

        var name = request.Name!.Trim();
        if (await OfferingViews.NameTakenAsync(db, serviceId, name, id, ct) is { } taken)
        {
            return taken;
        }

        var service = await db.Set<Service>().AsNoTracking().FirstAsync(s => s.Id == serviceId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(offering).Property(o => o.Version).OriginalValue = expectedVersion;
        offering.Update(service, name, OfferingViews.Text(request.Description), request.Audience!.Value, request.IsOffered!.Value,
            OfferingViews.Text(request.Charge), OfferingViews.Text(request.FulfilmentTarget), time.UtcNow());
        // The version moves with every accepted change, also when only the customers changed.
        db.Entry(offering).Property(o => o.UpdatedAt).IsModified = true;
        await OfferingViews.SetCustomersAsync(db, id, request.CustomerIds ?? [], customers, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return OfferingViews.NameConflict(name);
        }

        await transaction.CommitAsync(ct);
        return await OfferingViews.LoadAsync(db, offering, ct);
    }
}

internal static class UpdateOfferingEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/services/{serviceId:guid}/offerings/{id:guid}", (Guid serviceId, Guid id, OfferingRequest request, UpdateOfferingHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version =>
                    (await handler.Handle(serviceId, id, version, request, ct)).Map(o => Results.Ok(o).WithETag(http, o.Version))))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("UpdateOffering")
            .WithTags("Offerings")
            .WithSummary("Replace an offering's fields and customers (requires If-Match)")
            .Produces<OfferingView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
