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

namespace Quadrant.Modules.Catalogue.Features.CreateOffering;

internal sealed class CreateOfferingHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<OfferingView>> Handle(Guid serviceId, OfferingRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Changing the catalogue needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var (check, customers) = await OfferingViews.ValidateAsync(request, db, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var service = await db.Set<Service>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, ct);
        if (service is null)
        {
            return Problem.NotFound("service", serviceId);
        }

        var name = request.Name!.Trim();
        if (await OfferingViews.NameTakenAsync(db, serviceId, name, null, ct) is { } taken)
        {
            return taken;
        }

        var offering = ServiceOffering.Create(service, name, OfferingViews.Text(request.Description), request.Audience!.Value, request.IsOffered ?? true,
            OfferingViews.Text(request.Charge), OfferingViews.Text(request.FulfilmentTarget), time.UtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(offering);
        await OfferingViews.SetCustomersAsync(db, offering.Id, request.CustomerIds ?? [], customers, ct);
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

internal static class CreateOfferingEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/services/{serviceId:guid}/offerings", async (Guid serviceId, OfferingRequest request, CreateOfferingHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(serviceId, request, ct)).Map(o =>
                    Results.Created($"/api/v1/services/{o.ServiceId}/offerings/{o.Id}", o).WithETag(http, o.Version)))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("CreateOffering")
            .WithTags("Offerings")
            .WithSummary("Add an offering to a service: what requesters can see and order in the self-service catalogue")
            .Produces<OfferingView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
