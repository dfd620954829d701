using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.ListCustomers;

public sealed record ListCustomersQuery(string? Kind = null, string? ServiceId = null, string? Search = null, string? Limit = null, string? Sort = null, string? Cursor = null);

public sealed record CustomerSummary(Guid Id, string Name, CustomerKind Kind, Guid? RelationshipManagerId, int Contacts, int Services, DateTime UpdatedAt, int Version);

internal sealed class ListCustomersHandler(QuadrantDbContext db)
{
    internal static readonly Keyset<Customer> Keyset = new Keyset<Customer>(c => c.Id, "name")
        .Sort("name", c => c.Name)
        .Sort("updatedAt", c => c.UpdatedAt);

    public async Task<Outcome<Page<CustomerSummary>>> Handle(ListCustomersQuery query, CancellationToken ct)
    {
        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var check = new Check().MaxLength("search", query.Search, 200);
        var kinds = check.Enums<CustomerKind>(query.Kind, "kind");
        var serviceId = check.Id(query.ServiceId, "serviceId", "a service id");

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var customers = db.Set<Customer>().AsNoTracking();
        if (kinds.Count > 0)
        {
            customers = customers.Where(c => kinds.Contains(c.Kind));
        }

        if (serviceId is { } sid)
        {
            customers = customers.Where(c => db.Set<CustomerService>().Any(cs => cs.CustomerId == c.Id && cs.ServiceId == sid));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim().ToUpperInvariant();
            customers = customers.Where(c => c.Name.ToUpper().Contains(text));
        }

        var result = await Keyset.ToPageAsync(customers, page.Value!, c => c, ct);
        var ids = result.Items.Select(c => c.Id).ToList();
        var counts = await db.Set<CustomerService>().Where(cs => ids.Contains(cs.CustomerId)).GroupBy(cs => cs.CustomerId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new Page<CustomerSummary>(
            result.Items.Select(c => new CustomerSummary(c.Id, c.Name, c.Kind, c.RelationshipManagerId, c.ContactList().Count,
                counts.GetValueOrDefault(c.Id), c.UpdatedAt, c.Version)).ToList(),
            result.NextCursor, result.Limit, result.Sort);
    }
}

internal static class ListCustomersEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/customers", async ([AsParameters] ListCustomersQuery query, ListCustomersHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.Staff)
            .WithName("ListCustomers")
            .WithTags("Customers")
            .WithSummary("List customers (filters: kind, serviceId = customers receiving that service, search; sort: name, updatedAt)")
            .Produces<Page<CustomerSummary>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
