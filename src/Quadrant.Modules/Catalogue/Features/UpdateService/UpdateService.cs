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

namespace Quadrant.Modules.Catalogue.Features.UpdateService;

/// <summary>The full set of editable fields (PUT semantics: omitted optional fields are cleared).</summary>
public sealed record UpdateServiceRequest(
    string? Name,
    string? Description,
    Guid? OwnerId,
    ServiceCriticality? Criticality,
    ServiceLifecycle? Lifecycle);

internal sealed class UpdateServiceHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<ServiceView>> Handle(Guid id, int expectedVersion, UpdateServiceRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Changing the catalogue needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var check = await ServiceViews.CheckFieldsAsync(request.Name, request.Description, request.OwnerId, request.Criticality,
            request.Lifecycle, lifecycleRequired: true, users, ct);
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

        var name = request.Name!.Trim();
        if (name != service.Name && await db.Set<Service>().AnyAsync(s => s.Name == name && s.Id != id, ct))
        {
            return Problem.Conflict($"A service named '{name}' already exists.", "name", "catalogue.unique-name");
        }

        // The database re-checks the version in the UPDATE, so a concurrent writer between our read and write is caught too.
        db.Entry(service).Property(s => s.Version).OriginalValue = expectedVersion;
        service.Update(name, request.Description?.Trim() ?? "", request.OwnerId, request.Criticality!.Value, request.Lifecycle!.Value, time.UtcNow());
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

internal static class UpdateServiceEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/services/{id:guid}", (Guid id, UpdateServiceRequest request, UpdateServiceHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, request, ct)).Map(s => Results.Ok(s).WithETag(http, s.Version))))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("UpdateService")
            .WithTags("Services")
            .WithSummary("Edit a service (requires If-Match with the ETag you read)")
            .WithDescription("A stale If-Match answers 409 and changes nothing. Lifecycle may move pipeline → live; use the retire action to retire.")
            .Produces<ServiceView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
