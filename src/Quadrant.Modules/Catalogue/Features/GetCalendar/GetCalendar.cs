using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue.Features.GetCalendar;

internal sealed class GetCalendarHandler(QuadrantDbContext db)
{
    public async Task<Outcome<CalendarView>> Handle(Guid id, CancellationToken ct)
    {
        var calendar = await db.Set<BusinessCalendar>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return calendar is null ? Problem.NotFound("calendar", id) : CalendarViews.From(calendar);
    }
}

internal static class GetCalendarEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/calendars/{id:guid}", async (Guid id, GetCalendarHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(c => Results.Ok(c).WithETag(http, c.Version)))
            .RequireAuthorization(Policies.Staff)
            .WithName("GetCalendar")
            .WithTags("Calendars")
            .Produces<CalendarView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
