using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.ListServices;

/// <summary>Query string of GET /api/v1/services. Values arrive as text and are validated here.</summary>
public sealed record ListServicesQuery(
    string? Lifecycle = null,
    string? Criticality = null,
    string? OwnerId = null,
    string? Search = null,
    string? Limit = null,
    string? Sort = null,
    string? Cursor = null);

internal sealed class ListServicesHandler(QuadrantDbContext db, IUserDirectory users)
{
    internal static readonly Keyset<Service> Keyset = new Keyset<Service>(s => s.Id, "name")
        .Sort("name", s => s.Name)
        .Sort("createdAt", s => s.CreatedAt)
        .Sort("updatedAt", s => s.UpdatedAt)
        .Sort("criticality", s => s.Criticality);

    public async Task<Outcome<Page<ServiceView>>> Handle(ListServicesQuery query, CancellationToken ct)
    {
        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        var check = new Check().MaxLength("search", query.Search, 200);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var lifecycles = check.Enums<ServiceLifecycle>(query.Lifecycle, "lifecycle");
        var criticalities = check.Enums<ServiceCriticality>(query.Criticality, "criticality");
        var owner = check.Id(query.OwnerId, "ownerId", "a user id");

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var services = db.Set<Service>().AsNoTracking();
        if (lifecycles.Count > 0)
        {
            services = services.Where(s => lifecycles.Contains(s.Lifecycle));
        }

        if (criticalities.Count > 0)
        {
            services = services.Where(s => criticalities.Contains(s.Criticality));
        }

        if (owner is not null)
        {
            services = services.Where(s => s.OwnerId == owner);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim().ToUpperInvariant();
            services = services.Where(s => s.Name.ToUpper().Contains(text) || s.Description.ToUpper().Contains(text));
        }

        var result = await Keyset.ToPageAsync(services, page.Value!, s => s, ct);
        var owners = await users.FindManyAsync(result.Items.Where(s => s.OwnerId is not null).Select(s => s.OwnerId!.Value), ct);
        return new Page<ServiceView>(result.Items.Select(s => ServiceViews.From(s, owners)).ToList(), result.NextCursor, result.Limit, result.Sort);
    }
}

internal static class ListServicesEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/services", async ([AsParameters] ListServicesQuery query, ListServicesHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .WithName("ListServices")
            .WithTags("Services")
            .WithSummary("List services, a page at a time")
            .WithDescription("Filters: lifecycle and criticality (comma-separated), ownerId, search (name or description). " +
                             "sort: name, createdAt, updatedAt, criticality; prefix '-' for descending. " +
                             "limit 1–200 (default 25); pass nextCursor back as cursor for the next page.")
            .Produces<Page<ServiceView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
