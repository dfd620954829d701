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

namespace Quadrant.Modules.Catalogue.Features.GetCustomer;

internal sealed class GetCustomerHandler(QuadrantDbContext db, IUserDirectory users)
{
    public async Task<Outcome<CustomerView>> Handle(Guid id, CancellationToken ct)
    {
        var customer = await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return customer is null ? Problem.NotFound("customer", id) : await CustomerViews.LoadAsync(db, users, customer, ct);
    }
}

internal static class GetCustomerEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/customers/{id:guid}", async (Guid id, GetCustomerHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(c => Results.Ok(c).WithETag(http, c.Version)))
            .RequireAuthorization(Policies.Staff)
            .WithName("GetCustomer")
            .WithTags("Customers")
            .Produces<CustomerView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
