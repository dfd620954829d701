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

namespace Quadrant.Modules.Catalogue.Features.CreateService;

public sealed record CreateServiceRequest(
    string? Name,
    string? Description,
    Guid? OwnerId,
    ServiceCriticality? Criticality,
    ServiceLifecycle? Lifecycle);

internal sealed class CreateServiceHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<ServiceView>> Handle(CreateServiceRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Changing the catalogue needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var check = await ServiceViews.CheckFieldsAsync(request.Name, request.Description, request.OwnerId, request.Criticality,
            request.Lifecycle, lifecycleRequired: false, users, ct);
        if (request.Lifecycle == ServiceLifecycle.Retired)
        {
            check.Add("lifecycle", "A new service starts in the pipeline or live, not retired.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var name = request.Name!.Trim();
        if (await db.Set<Service>().AnyAsync(s => s.Name == name, ct))
        {
            return Problem.Conflict($"A service named '{name}' already exists.", "name", "catalogue.unique-name");
        }

        var service = Service.Create(name, request.Description?.Trim() ?? "", request.OwnerId, request.Criticality!.Value,
            request.Lifecycle ?? ServiceLifecycle.Pipeline, time.UtcNow());
        db.Add(service);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Problem.Conflict($"A service named '{name}' already exists.", "name", "catalogue.unique-name");
        }

        return await ServiceViews.LoadAsync(service, users, ct);
    }
}

internal static class CreateServiceEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/services", async (CreateServiceRequest request, CreateServiceHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(request, ct)).Map(s => Results.Created($"/api/v1/services/{s.Id}", s).WithETag(http, s.Version)))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("CreateService")
            .WithTags("Services")
            .WithSummary("Add a service to the catalogue")
            .WithDescription("Send an Idempotency-Key header to make a retry safe. Lifecycle defaults to pipeline.")
            .Produces<ServiceView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
