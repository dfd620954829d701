using System.Globalization;
using Ical.Net;
using IcalCalendar = Ical.Net.Calendar;
using Ical.Net.DataTypes;

namespace Quadrant.Modules.Catalogue.Domain.Calendars;

/// <summary>
/// Reads holidays from an iCalendar (.ics) file: each all-day VEVENT becomes a holiday for each of its
/// dates (DTEND is exclusive, at most 31 days); an event repeating every year on its date
/// (RRULE:FREQ=YEARLY with no other parts) becomes a yearly holiday. Timed events and other
/// recurrences are refused, with the event's position, rather than guessed.
/// </summary>
public static class IcsHolidays
{
    public const int MaxBytes = 1_000_000;

    public static (List<Holiday> Holidays, List<(string Field, string Message)> Errors) Parse(string text)
    {
        var holidays = new List<Holiday>();
        var errors = new List<(string, string)>();
        IcalCalendar? calendar;
        try
        {
            calendar = IcalCalendar.Load(text);
        }
#pragma warning disable CA1031 // any parser failure is the file's fault, reported as such
        catch (Exception e)
#pragma warning restore CA1031
        {
            errors.Add(("body", $"The file is not a valid iCalendar (.ics) file: {e.Message}"));
            return (holidays, errors);
        }

        if (calendar is null || calendar.Events.Count == 0)
        {
            errors.Add(("body", "The file has no events (VEVENT) to import."));
            return (holidays, errors);
        }

        var index = 0;
        foreach (var e in calendar.Events)
        {
            var field = $"events[{index++}]";
            var name = string.IsNullOrWhiteSpace(e.Summary) ? "Holiday" : e.Summary.Trim();
            if (name.Length > 200)
            {
                name = name[..200];
            }

            if (e.DtStart is not { } start)
            {
                errors.Add((field, $"'{name}' has no valid start date (DTSTART)."));
                continue;
            }

            if (start.HasTime)
            {
                errors.Add((field, $"'{name}' has a time of day; holidays are whole days (DTSTART;VALUE=DATE)."));
                continue;
            }

            var rule = e.RecurrenceRule;
            if (rule is not null)
            {
                if (IsPlainYearly(rule))
                {
                    holidays.Add(new Holiday(name, null, start.Date.ToString("MM-dd", CultureInfo.InvariantCulture)));
                }
                else
                {
                    errors.Add((field, $"'{name}' repeats by a rule other than every year on the same date; add its dates one by one."));
                }

                continue;
            }

            var first = start.Date;
            var end = e.DtEnd is { } dtEnd && !dtEnd.HasTime ? dtEnd.Date : first.AddDays(1);
            var days = end.DayNumber - first.DayNumber;
            if (days is < 1 or > 31)
            {
                errors.Add((field, $"'{name}' lasts {days} days; import events of 1 to 31 days."));
                continue;
            }

            for (var d = first; d < end; d = d.AddDays(1))
            {
                holidays.Add(new Holiday(name, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null));
            }
        }

        return (holidays, errors);
    }

    private static bool IsPlainYearly(RecurrenceRule rule) =>
        rule.Frequency == FrequencyType.Yearly && rule.Interval <= 1 && rule.Count is null && rule.Until is null &&
        rule.ByDay.Count == 0 && rule.ByMonth.Count == 0 && rule.ByMonthDay.Count == 0 && rule.ByYearDay.Count == 0 &&
        rule.ByWeekNo.Count == 0 && rule.BySetPosition.Count == 0;
}
