using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Catalogue.Features.CreateCalendar;

internal sealed class CreateCalendarHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<CalendarView>> Handle(CalendarRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Managing calendars needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var (check, rules) = CalendarViews.Validate(request);
        if (rules is null)
        {
            return check.ToProblem();
        }

        var name = request.Name!.Trim();
        if (await db.Set<BusinessCalendar>().AnyAsync(c => c.Name == name, ct))
        {
            return Problem.Conflict($"A calendar named '{name}' already exists.", "name", "calendar.unique-name");
        }

        var calendar = BusinessCalendar.Create(name, request.Description?.Trim() ?? "", rules, time.UtcNow());
        db.Add(calendar);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Problem.Conflict($"A calendar named '{name}' already exists.", "name", "calendar.unique-name");
        }

        return CalendarViews.From(calendar);
    }
}

internal static class CreateCalendarEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/calendars", async (CalendarRequest request, CreateCalendarHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(request, ct)).Map(c => Results.Created($"/api/v1/calendars/{c.Id}", c).WithETag(http, c.Version)))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("CreateCalendar")
            .WithTags("Calendars")
            .WithSummary("Create a business calendar: time zone, weekly working spans, holidays and exceptions")
            .Produces<CalendarView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
