using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.CalculateBusinessTime;

/// <summary>The instant at which <c>Minutes</c> business minutes have elapsed after <c>Start</c>.</summary>
public sealed record BusinessTimeSum(Guid CalendarId, string TimeZone, DateTime Start, long Minutes, DateTime Due, string DueLocal);

/// <summary>Business minutes between two instants (fractional when an instant is not on a whole minute).</summary>
public sealed record BusinessTimeSpan(Guid CalendarId, string TimeZone, DateTime From, DateTime To, double Minutes);

/// <summary>
/// The calculator: used by integrations and by our own tests. Instants are ISO 8601 with an offset or Z,
/// e.g. 2026-03-02T08:30:00Z or 2026-03-02T09:30:00+01:00.
/// </summary>
internal sealed class CalculateBusinessTimeHandler(QuadrantDbContext db)
{
    /// <summary>Ten years of minutes: an SLA target beyond that is a mistake.</summary>
    public const long MaxMinutes = 5_256_000;

    private static readonly OffsetDateTimePattern InstantText = OffsetDateTimePattern.ExtendedIso;
    private static readonly OffsetDateTimePattern LocalText = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<m>");

    public async Task<Outcome<BusinessTimeSum>> Add(Guid id, string? start, string? minutes, CancellationToken ct)
    {
        var check = new Check();
        var from = ParseInstant("start", start, check);
        long amount = 0;
        if (string.IsNullOrEmpty(minutes) || !long.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out amount) || amount < 1 || amount > MaxMinutes)
        {
            check.Add("minutes", $"'minutes' must be a whole number from 1 to {MaxMinutes}.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var calendar = await db.Set<BusinessCalendar>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return Problem.NotFound("calendar", id);
        }

        var schedule = calendar.Schedule();
        Instant due;
        try
        {
            due = BusinessTime.Add(schedule, from!.Value.ToInstant(), Duration.FromMinutes(amount));
        }
        catch (InvalidOperationException e)
        {
            return Problem.Conflict(e.Message, "minutes", "calendar.too-little-time");
        }

        return new BusinessTimeSum(id, calendar.TimeZone, from.Value.ToInstant().ToDateTimeUtc(), amount, due.ToDateTimeUtc(),
            LocalText.Format(due.InZone(schedule.Zone).ToOffsetDateTime()));
    }

    public async Task<Outcome<BusinessTimeSpan>> Elapsed(Guid id, string? from, string? to, CancellationToken ct)
    {
        var check = new Check();
        var start = ParseInstant("from", from, check);
        var end = ParseInstant("to", to, check);
        if (start is not null && end is not null && end.Value.ToInstant() < start.Value.ToInstant())
        {
            check.Add("to", "'to' must not be before 'from'.");
        }

        if (start is not null && end is not null && end.Value.ToInstant() - start.Value.ToInstant() > BusinessTime.Horizon)
        {
            check.Add("to", "At most ten years between 'from' and 'to'.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var calendar = await db.Set<BusinessCalendar>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (calendar is null)
        {
            return Problem.NotFound("calendar", id);
        }

        var elapsed = BusinessTime.Elapsed(calendar.Schedule(), start!.Value.ToInstant(), end!.Value.ToInstant());
        return new BusinessTimeSpan(id, calendar.TimeZone, start.Value.ToInstant().ToDateTimeUtc(), end.Value.ToInstant().ToDateTimeUtc(), elapsed.TotalMinutes);
    }

    private static OffsetDateTime? ParseInstant(string field, string? text, Check check)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            check.Add(field, $"'{field}' is required: an instant such as 2026-03-02T08:30:00Z.");
            return null;
        }

        var parsed = InstantText.Parse(text.Trim());
        if (!parsed.Success)
        {
            check.Add(field, $"'{text}' is not an instant with an offset, such as 2026-03-02T08:30:00Z or 2026-03-02T09:30:00+01:00.");
            return null;
        }

        // Keeps the ten-year search horizon far from the end of the calendar (no overflow).
        if (parsed.Value.Year is < 1900 or > 2999)
        {
            check.Add(field, $"'{field}' must be between the years 1900 and 2999.");
            return null;
        }

        return parsed.Value;
    }
}

internal static class CalculateBusinessTimeEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/calendars/{id:guid}/add", async (Guid id, string? start, string? minutes, CalculateBusinessTimeHandler handler, CancellationToken ct) =>
                (await handler.Add(id, start, minutes, ct)).Map(Results.Ok))
            .WithName("AddBusinessMinutes")
            .WithTags("Calendars")
            .WithSummary("The instant when n business minutes have elapsed after start")
            .WithDescription("start: ISO 8601 instant with offset or Z. Counting starts at the next working moment; a span's end is excluded. See docs/business-time.md.")
            .Produces<BusinessTimeSum>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/calendars/{id:guid}/elapsed", async (Guid id, string? from, string? to, CalculateBusinessTimeHandler handler, CancellationToken ct) =>
                (await handler.Elapsed(id, from, to, ct)).Map(Results.Ok))
            .WithName("ElapsedBusinessMinutes")
            .WithTags("Calendars")
            .WithSummary("Business minutes between two instants")
            .Produces<BusinessTimeSpan>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
