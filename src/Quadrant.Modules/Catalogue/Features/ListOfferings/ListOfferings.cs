using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Catalogue.Domain.Offerings;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.ListOfferings;

public sealed record ListOfferingsQuery(string? Offered = null, string? Limit = null, string? Sort = null, string? Cursor = null);

internal sealed class ListOfferingsHandler(QuadrantDbContext db)
{
    internal static readonly Keyset<ServiceOffering> Keyset = new Keyset<ServiceOffering>(o => o.Id, "name")
        .Sort("name", o => o.Name)
        .Sort("updatedAt", o => o.UpdatedAt);

    public async Task<Outcome<Page<OfferingView>>> Handle(Guid serviceId, ListOfferingsQuery query, CancellationToken ct)
    {
        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var check = new Check();
        bool? offered = query.Offered switch
        {
            null or "" => null,
            "true" => true,
            "false" => false,
            _ => null,
        };
        check.That(query.Offered is null or "" or "true" or "false", "offered", "'offered' must be true or false.");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var serviceName = await db.Set<Service>().Where(s => s.Id == serviceId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        if (serviceName is null)
        {
            return Problem.NotFound("service", serviceId);
        }

        var offerings = db.Set<ServiceOffering>().AsNoTracking().Where(o => o.ServiceId == serviceId);
        if (offered is { } flag)
        {
            offerings = offerings.Where(o => o.IsOffered == flag);
        }

        var result = await Keyset.ToPageAsync(offerings, page.Value!, o => o, ct);
        var ids = result.Items.Select(o => o.Id).ToList();
        var customers = (await (from oc in db.Set<ServiceOfferingCustomer>().AsNoTracking()
                                join c in db.Set<Customer>() on oc.CustomerId equals c.Id
                                where ids.Contains(oc.OfferingId)
                                orderby c.Name
                                select new { oc.OfferingId, c.Id, c.Name }).ToListAsync(ct))
            .ToLookup(x => x.OfferingId, x => new OfferingCustomer(x.Id, x.Name));
        return new Page<OfferingView>(result.Items.Select(o => OfferingViews.View(o, serviceName, customers[o.Id].ToList())).ToList(),
            result.NextCursor, result.Limit, result.Sort);
    }
}

internal static class ListOfferingsEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/services/{serviceId:guid}/offerings", async (Guid serviceId, [AsParameters] ListOfferingsQuery query, ListOfferingsHandler handler, CancellationToken ct) =>
                (await handler.Handle(serviceId, query, ct)).Map(Results.Ok))
            .WithName("ListOfferings")
            .WithTags("Offerings")
            .WithSummary("List a service's offerings (filter: offered = true or false; sort: name, updatedAt)")
            .Produces<Page<OfferingView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
