using NodaTime;

namespace Quadrant.Modules.Catalogue.Domain.Calendars;

/// <summary>
/// A span of working time within one local day, in minutes after local midnight: [Start, End).
/// 0 ≤ Start &lt; End ≤ 1440, so 17:00–24:00 is (1020, 1440).
/// </summary>
public readonly record struct WorkingSpan(int Start, int End)
{
    public const int MinutesPerDay = 1440;

    public bool IsValid => Start >= 0 && End <= MinutesPerDay && Start < End;

    public static WorkingSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2 && TryMinutes(parts[0], out var start) && TryMinutes(parts[1], out var end)
            ? new WorkingSpan(start, end)
            : throw new FormatException($"'{text}' is not a time span such as 09:00-17:30.");
    }

    public static bool TryParse(string? text, out WorkingSpan span)
    {
        span = default;
        if (text is null)
        {
            return false;
        }

        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && TryMinutes(parts[0], out var start) && TryMinutes(parts[1], out var end))
        {
            span = new WorkingSpan(start, end);
            return true;
        }

        return false;
    }

    public override string ToString() => $"{Format(Start)}-{Format(End)}";

    private static string Format(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    private static bool TryMinutes(string text, out int minutes)
    {
        minutes = 0;
        var hm = text.Split(':');
        if (hm.Length != 2 || hm[0].Length is < 1 or > 2 || hm[1].Length != 2 ||
            !int.TryParse(hm[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var h) ||
            !int.TryParse(hm[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) ||
            m > 59 || h > 24 || (h == 24 && m != 0))
        {
            return false;
        }

        minutes = (h * 60) + m;
        return true;
    }
}

/// <summary>
/// The rules of a business calendar, as plain values: a time zone, weekly working spans, holidays
/// (one-off dates and yearly month/day) and exceptions (a date with its own spans: an extra working
/// day, a shortened day, or none for a closure). Precedence for a date: exception, then holiday, then the week.
/// </summary>
public sealed class WorkSchedule
{
    private readonly IReadOnlyList<WorkingSpan>[] weekly;
    private readonly Dictionary<LocalDate, IReadOnlyList<WorkingSpan>> exceptions;
    private readonly HashSet<LocalDate> holidays;
    private readonly HashSet<(int Month, int Day)> yearlyHolidays;

    public WorkSchedule(
        DateTimeZone zone,
        IReadOnlyDictionary<IsoDayOfWeek, IReadOnlyList<WorkingSpan>> week,
        IEnumerable<LocalDate>? holidays = null,
        IEnumerable<(int Month, int Day)>? yearlyHolidays = null,
        IReadOnlyDictionary<LocalDate, IReadOnlyList<WorkingSpan>>? exceptions = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(week);
        Zone = zone;
        weekly = new IReadOnlyList<WorkingSpan>[8];
        for (var d = 1; d <= 7; d++)
        {
            weekly[d] = week.TryGetValue((IsoDayOfWeek)d, out var spans) ? Normalize(spans) : [];
        }

        this.holidays = holidays?.ToHashSet() ?? [];
        this.yearlyHolidays = yearlyHolidays?.ToHashSet() ?? [];
        this.exceptions = exceptions?.ToDictionary(e => e.Key, e => (IReadOnlyList<WorkingSpan>)Normalize(e.Value)) ?? [];
        HasWeeklyTime = weekly.Skip(1).Any(s => s.Count > 0);
    }

    public DateTimeZone Zone { get; }

    // Working ranges per UTC month, filled on first use. The schedule never changes, so neither do they.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<LocalDate, (Instant Start, Instant End)[]> monthRanges = new();

    internal (Instant Start, Instant End)[] RangesOfMonth(LocalDate month, Func<LocalDate, List<(Instant Start, Instant End)>> compute) =>
        monthRanges.GetOrAdd(month, m => [.. compute(m)]);

    /// <summary>True when at least one weekday has working time (a calendar must have some).</summary>
    public bool HasWeeklyTime { get; }

    /// <summary>The working spans of one local date, after exceptions and holidays.</summary>
    public IReadOnlyList<WorkingSpan> SpansOn(LocalDate date)
    {
        if (exceptions.TryGetValue(date, out var special))
        {
            return special;
        }

        if (holidays.Contains(date) || yearlyHolidays.Contains((date.Month, date.Day)))
        {
            return [];
        }

        return weekly[(int)date.DayOfWeek];
    }

    private static WorkingSpan[] Normalize(IReadOnlyList<WorkingSpan> spans)
    {
        foreach (var span in spans)
        {
            if (!span.IsValid)
            {
                throw new ArgumentException($"Working span {span} is empty, inverted or outside the day.", nameof(spans));
            }
        }

        var sorted = spans.OrderBy(s => s.Start).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Start < sorted[i - 1].End)
            {
                throw new ArgumentException($"Working spans {sorted[i - 1]} and {sorted[i]} overlap.", nameof(spans));
            }
        }

        return sorted;
    }
}
