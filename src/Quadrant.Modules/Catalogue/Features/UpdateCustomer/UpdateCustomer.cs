using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Catalogue.Features.UpdateCustomer;

/// <summary>Replaces a customer's fields, contacts and received services (PUT semantics).</summary>
internal sealed class UpdateCustomerHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<CustomerView>> Handle(Guid id, int expectedVersion, CustomerRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Managing customers needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var (check, services) = await CustomerViews.ValidateAsync(request, id, db, users, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var customer = await db.Set<Customer>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null)
        {
            return Problem.NotFound("customer", id);
        }

        if (customer.Version != expectedVersion)
        {
            return Problem.StaleVersion(customer.Version);
        }

        var name = request.Name!.Trim();
        if (name != customer.Name && await db.Set<Customer>().AnyAsync(c => c.Name == name && c.Id != id, ct))
        {
            return Problem.Conflict($"A customer named '{name}' already exists.", "name", "customer.unique-name");
        }

        var now = time.UtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(customer).Property(c => c.Version).OriginalValue = expectedVersion;
        customer.Update(name, request.Kind!.Value, request.Description?.Trim() ?? "", request.RelationshipManagerId, CustomerViews.Clean(request.Contacts), now);
        // The version moves with every accepted change, also when only the received services changed.
        db.Entry(customer).Property(c => c.UpdatedAt).IsModified = true;
        await CustomerViews.SetServicesAsync(db, id, request.ServiceIds ?? [], services, now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Problem.Conflict($"A customer named '{name}' already exists.", "name", "customer.unique-name");
        }

        await transaction.CommitAsync(ct);
        return await CustomerViews.LoadAsync(db, users, customer, ct);
    }
}

internal static class UpdateCustomerEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/customers/{id:guid}", (Guid id, CustomerRequest request, UpdateCustomerHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, request, ct)).Map(c => Results.Ok(c).WithETag(http, c.Version))))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("UpdateCustomer")
            .WithTags("Customers")
            .WithSummary("Replace a customer's fields, contacts and received services (requires If-Match)")
            .Produces<CustomerView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
