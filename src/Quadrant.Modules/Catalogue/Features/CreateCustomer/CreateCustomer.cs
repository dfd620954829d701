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

namespace Quadrant.Modules.Catalogue.Features.CreateCustomer;

internal sealed class CreateCustomerHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<CustomerView>> Handle(CustomerRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Managing customers needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var (check, services) = await CustomerViews.ValidateAsync(request, null, db, users, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var name = request.Name!.Trim();
        if (await db.Set<Customer>().AnyAsync(c => c.Name == name, ct))
        {
            return Problem.Conflict($"A customer named '{name}' already exists.", "name", "customer.unique-name");
        }

        var now = time.UtcNow();
        var customer = Customer.Create(name, request.Kind!.Value, request.Description?.Trim() ?? "", request.RelationshipManagerId,
            CustomerViews.Clean(request.Contacts), now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(customer);
        await CustomerViews.SetServicesAsync(db, customer.Id, request.ServiceIds ?? [], services, now, ct);
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

internal static class CreateCustomerEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/customers", async (CustomerRequest request, CreateCustomerHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(request, ct)).Map(c => Results.Created($"/api/v1/customers/{c.Id}", c).WithETag(http, c.Version)))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("CreateCustomer")
            .WithTags("Customers")
            .WithSummary("Add a customer (internal department or external organization) with contacts and the services it receives")
            .Produces<CustomerView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
