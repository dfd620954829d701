using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.Shared;

/// <summary>A business calendar as the API and the UI show it.</summary>
public sealed record CalendarView(
    Guid Id,
    string Name,
    string Description,
    string TimeZone,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Week,
    IReadOnlyList<Holiday> Holidays,
    IReadOnlyList<CalendarException> Exceptions,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);

/// <summary>The writable fields of a calendar (create and full update).</summary>
public sealed record CalendarRequest(
    string? Name,
    string? Description,
    string? TimeZone,
    IReadOnlyDictionary<string, IReadOnlyList<string>?>? Week,
    IReadOnlyList<Holiday>? Holidays,
    IReadOnlyList<CalendarException>? Exceptions);

internal static class CalendarViews
{
    public static CalendarView From(BusinessCalendar c)
    {
        var rules = c.Rules();
        return new CalendarView(c.Id, c.Name, c.Description, c.TimeZone, rules.Week, rules.Holidays, rules.Exceptions, c.CreatedAt, c.UpdatedAt, c.Version);
    }

    /// <summary>Validates every field; on success returns the rules to store.</summary>
    public static (Check Check, CalendarRules? Rules) Validate(CalendarRequest request)
    {
        var check = new Check()
            .Required("name", request.Name, BusinessCalendar.MaxName)
            .MaxLength("description", request.Description, BusinessCalendar.MaxDescription)
            .Required("timeZone", request.TimeZone, 64);
        if (request.Week is null)
        {
            check.Add("week", "'week' is required: working spans per day, e.g. {\"monday\": [\"09:00-17:00\"]}.");
        }

        var week = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (day, spans) in request.Week ?? new Dictionary<string, IReadOnlyList<string>?>())
        {
            if (spans is null || spans.Any(s => s is null))
            {
                check.Add($"week.{day}", "Each day is a list of spans such as \"09:00-17:00\" (an empty list for a day off).");
            }
            else
            {
                week[day] = spans;
            }
        }

        var holidays = request.Holidays ?? [];
        var exceptions = request.Exceptions ?? [];
        for (var i = 0; i < exceptions.Count; i++)
        {
            if (exceptions[i] is null || exceptions[i].Hours is null || exceptions[i].Hours.Any(h => h is null))
            {
                check.Add($"exceptions[{i}].hours", "Give the exception's working spans as a list (empty for a closed day).");
            }
        }

        if (holidays.Any(h => h is null))
        {
            check.Add("holidays", "A holiday cannot be null.");
        }

        if (!check.IsValid || request.Week is null)
        {
            return (check, null);
        }

        var rules = new CalendarRules(request.TimeZone!.Trim(), week, holidays, exceptions);
        rules.Validate((field, message) => check.Add(field, message));
        return (check, check.IsValid ? rules : null);
    }
}
