using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Catalogue.Sla;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Catalogue.Features.UpdateCalendar;

/// <summary>Replaces a calendar's rules (PUT semantics).</summary>
internal sealed class UpdateCalendarHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<CalendarView>> Handle(Guid id, int expectedVersion, CalendarRequest request, CancellationToken ct)
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

        var calendar = await db.Set<BusinessCalendar>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return Problem.NotFound("calendar", id);
        }

        if (calendar.Version != expectedVersion)
        {
            return Problem.StaleVersion(calendar.Version);
        }

        var name = request.Name!.Trim();
        if (name != calendar.Name && await db.Set<BusinessCalendar>().AnyAsync(c => c.Name == name && c.Id != id, ct))
        {
            return Problem.Conflict($"A calendar named '{name}' already exists.", "name", "calendar.unique-name");
        }

        db.Entry(calendar).Property(c => c.Version).OriginalValue = expectedVersion;
        var before = CalendarChanges.Fingerprint(calendar);
        var now = time.UtcNow();
        calendar.Update(name, request.Description?.Trim() ?? "", rules, now);
        await CalendarChanges.EnqueueIfChangedAsync(db, calendar, before, actor.UserId, now, ct);
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

internal static class UpdateCalendarEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/calendars/{id:guid}", (Guid id, CalendarRequest request, UpdateCalendarHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, request, ct)).Map(c => Results.Ok(c).WithETag(http, c.Version))))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("UpdateCalendar")
            .WithTags("Calendars")
            .WithSummary("Replace a calendar's name, zone, week, holidays and exceptions (requires If-Match)")
            .Produces<CalendarView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
