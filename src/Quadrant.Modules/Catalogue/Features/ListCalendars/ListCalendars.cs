using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue.Features.ListCalendars;

public sealed record ListCalendarsQuery(string? Search = null, string? Limit = null, string? Sort = null, string? Cursor = null);

internal sealed class ListCalendarsHandler(QuadrantDbContext db)
{
    internal static readonly Keyset<BusinessCalendar> Keyset = new Keyset<BusinessCalendar>(c => c.Id, "name")
        .Sort("name", c => c.Name)
        .Sort("updatedAt", c => c.UpdatedAt);

    public async Task<Outcome<Page<CalendarView>>> Handle(ListCalendarsQuery query, CancellationToken ct)
    {
        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        if (query.Search is { Length: > 200 })
        {
            return Problem.Invalid("search", "'search' must be at most 200 characters.");
        }

        var calendars = db.Set<BusinessCalendar>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim().ToUpperInvariant();
            calendars = calendars.Where(c => c.Name.ToUpper().Contains(text));
        }

        return await Keyset.ToPageAsync(calendars, page.Value!, CalendarViews.From, ct);
    }
}

internal static class ListCalendarsEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/calendars", async ([AsParameters] ListCalendarsQuery query, ListCalendarsHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.Staff)
            .WithName("ListCalendars")
            .WithTags("Calendars")
            .WithSummary("List business calendars (sort: name, updatedAt; search by name)")
            .Produces<Page<CalendarView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
