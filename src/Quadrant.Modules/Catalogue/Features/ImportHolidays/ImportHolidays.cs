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
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.ImportHolidays;

public sealed record HolidayImport(CalendarView Calendar, int Added, int AlreadyPresent);

/// <summary>Adds (or, with replace, replaces) a calendar's holidays from an iCalendar file. All or nothing.</summary>
internal sealed class ImportHolidaysHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<HolidayImport>> Handle(Guid id, int expectedVersion, string ics, bool replace, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Managing calendars needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var (imported, errors) = IcsHolidays.Parse(ics);
        if (errors.Count > 0)
        {
            var check = new Check();
            foreach (var (field, message) in errors)
            {
                check.Add(field, message);
            }

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

        var rules = calendar.Rules();
        var holidays = replace ? new List<Holiday>() : rules.Holidays.ToList();
        var keys = holidays.Select(h => h.Date ?? "Y" + h.Yearly).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var h in imported)
        {
            if (keys.Add(h.Date ?? "Y" + h.Yearly))
            {
                holidays.Add(h);
                added++;
            }
        }

        var updated = rules with { Holidays = holidays };
        var check2 = new Check();
        updated.Validate((field, message) => check2.Add(field, message));
        if (!check2.IsValid)
        {
            return check2.ToProblem();
        }

        db.Entry(calendar).Property(c => c.Version).OriginalValue = expectedVersion;
        var before = CalendarChanges.Fingerprint(calendar);
        var now = time.UtcNow();
        calendar.Update(calendar.Name, calendar.Description, updated, now);
        await CalendarChanges.EnqueueIfChangedAsync(db, calendar, before, actor.UserId, now, ct);
        await db.SaveChangesAsync(ct);
        return new HolidayImport(CalendarViews.From(calendar), added, imported.Count - added);
    }
}

internal static class ImportHolidaysEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/calendars/{id:guid}/holidays/import", (Guid id, string? mode, HttpRequest request, ImportHolidaysHandler handler, CancellationToken ct) =>
                ETags.RequireIfMatch(request, async version =>
                {
                    if (mode is not (null or "merge" or "replace"))
                    {
                        return Problem.Invalid("mode", "'mode' must be merge (default) or replace.").ToResult();
                    }

                    if (request.ContentLength > IcsHolidays.MaxBytes)
                    {
                        return Problem.Invalid("body", $"The file must be at most {IcsHolidays.MaxBytes / 1000} kB.").ToResult();
                    }

                    using var reader = new StreamReader(request.Body);
                    var buffer = new char[IcsHolidays.MaxBytes + 1];
                    var read = await reader.ReadBlockAsync(buffer, ct);
                    if (read > IcsHolidays.MaxBytes)
                    {
                        return Problem.Invalid("body", $"The file must be at most {IcsHolidays.MaxBytes / 1000} kB.").ToResult();
                    }

                    var outcome = await handler.Handle(id, version, new string(buffer, 0, read), mode == "replace", ct);
                    return outcome.Map(r => Results.Ok(r).WithETag(request.HttpContext, r.Calendar.Version));
                }))
            .RequireAuthorization(Policies.CatalogueWrite)
            .Accepts<string>("text/calendar")
            .WithName("ImportHolidays")
            .WithTags("Calendars")
            .WithSummary("Import holidays from an iCalendar (.ics) file (requires If-Match; mode=merge|replace)")
            .WithDescription("All-day events become holidays for each of their dates; events repeating yearly on a fixed date become yearly holidays. Any unusable event refuses the whole file (400, naming events[i]).")
            .Produces<HolidayImport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
