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

        var lifecycles = ParseEnums<ServiceLifecycle>(query.Lifecycle, "lifecycle", check);
        var criticalities = ParseEnums<ServiceCriticality>(query.Criticality, "criticality", check);
        Guid? owner = null;
        if (!string.IsNullOrWhiteSpace(query.OwnerId))
        {
            if (Guid.TryParse(query.OwnerId, out var o))
            {
                owner = o;
            }
            else
            {
                check.Add("ownerId", "'ownerId' must be a user id (a GUID).");
            }
        }

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

    /// <summary>Parses "live,pipeline" into enum values, naming the parameter on error.</summary>
    internal static List<T> ParseEnums<T>(string? text, string field, Check check)
        where T : struct, Enum
    {
        var values = new List<T>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return values;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<T>(part, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(part, out _))
            {
                values.Add(value);
            }
            else
            {
                var allowed = string.Join(", ", Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName));
                check.Add(field, $"'{part}' is not a valid {field}; use {allowed}.");
            }
        }

        return values;
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
