using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Quadrant.Modules.Catalogue.Domain.Calendars;

/// <summary>A holiday: a one-off date (yyyy-MM-dd) or a yearly date (MM-dd).</summary>
public sealed record Holiday(string Name, string? Date, string? Yearly);

/// <summary>A date with its own working spans: an extra working day, a shortened day, or none (closed).</summary>
public sealed record CalendarException(string Date, IReadOnlyList<string> Hours, string? Reason);

/// <summary>
/// A business calendar: the hours in which agreements measure time. Its rules are stored as canonical
/// JSON text (week, holidays, exceptions), validated on every write, and turned into a
/// <see cref="WorkSchedule"/> for calculation.
/// </summary>
internal sealed class BusinessCalendar
{
    public const int MaxName = 200;
    public const int MaxDescription = 2000;

    internal static readonly string[] DayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private BusinessCalendar()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>IANA time zone id, e.g. Europe/Berlin.</summary>
    public string TimeZone { get; private set; } = "UTC";

    public string Week { get; private set; } = "{}";

    public string Holidays { get; private set; } = "[]";

    public string Exceptions { get; private set; } = "[]";

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public static BusinessCalendar Create(string name, string description, CalendarRules rules, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var calendar = new BusinessCalendar { Id = Guid.CreateVersion7(now), CreatedAt = now };
        calendar.Apply(name, description, rules, now);
        return calendar;
    }

    public void Update(string name, string description, CalendarRules rules, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Apply(name, description, rules, now);
    }

    public CalendarRules Rules() => new(
        TimeZone,
        JsonSerializer.Deserialize<Dictionary<string, List<string>>>(Week, Json)!.ToDictionary(d => d.Key, d => (IReadOnlyList<string>)d.Value),
        JsonSerializer.Deserialize<List<Holiday>>(Holidays, Json)!,
        JsonSerializer.Deserialize<List<CalendarException>>(Exceptions, Json)!);

    public WorkSchedule Schedule() => Rules().ToSchedule();

    private void Apply(string name, string description, CalendarRules rules, DateTime now)
    {
        Name = name;
        Description = description;
        TimeZone = rules.TimeZone;
        // Canonical forms: days in week order, spans as HH:mm-HH:mm, so equal rules store equal text.
        Week = JsonSerializer.Serialize(DayNames.ToDictionary(d => d, d => rules.Week.TryGetValue(d, out var spans)
            ? spans.Select(s => WorkingSpan.Parse(s).ToString()).ToList()
            : []), Json);
        Holidays = JsonSerializer.Serialize(rules.Holidays, Json);
        Exceptions = JsonSerializer.Serialize(rules.Exceptions.Select(e => e with { Hours = e.Hours.Select(h => WorkingSpan.Parse(h).ToString()).ToList() }), Json);
        UpdatedAt = now;
    }
}

/// <summary>The rules of a calendar as the API carries them (validated by <see cref="CalendarRules.Validate"/>).</summary>
public sealed record CalendarRules(
    string TimeZone,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Week,
    IReadOnlyList<Holiday> Holidays,
    IReadOnlyList<CalendarException> Exceptions)
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly AnnualDatePattern YearlyPattern = AnnualDatePattern.Iso;

    /// <summary>Adds an error per invalid field ("week.monday[1]", "holidays[0].date", …) to <paramref name="errors"/>.</summary>
    public void Validate(Action<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone ?? "") is null)
        {
            errors("timeZone", $"'{TimeZone}' is not an IANA time zone such as Europe/Berlin or America/New_York.");
        }

        var anyTime = false;
        foreach (var (day, spans) in Week)
        {
            if (!BusinessCalendar.DayNames.Contains(day))
            {
                errors($"week.{day}", $"'{day}' is not a day; use {string.Join(", ", BusinessCalendar.DayNames)}.");
                continue;
            }

            anyTime |= CheckSpans($"week.{day}", spans, errors) > 0;
        }

        if (!anyTime)
        {
            errors("week", "The week needs at least one working span.");
        }

        for (var i = 0; i < Holidays.Count; i++)
        {
            var h = Holidays[i];
            if (string.IsNullOrWhiteSpace(h.Name) || h.Name.Length > 200)
            {
                errors($"holidays[{i}].name", "A holiday needs a name of at most 200 characters.");
            }

            if ((h.Date is null) == (h.Yearly is null))
            {
                errors($"holidays[{i}]", "Give either 'date' (yyyy-MM-dd) or 'yearly' (MM-dd).");
            }
            else if (h.Date is not null && !DatePattern.Parse(h.Date).Success)
            {
                errors($"holidays[{i}].date", $"'{h.Date}' is not a date (yyyy-MM-dd).");
            }
            else if (h.Yearly is not null && !YearlyPattern.Parse(h.Yearly).Success)
            {
                errors($"holidays[{i}].yearly", $"'{h.Yearly}' is not a yearly date (MM-dd).");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Exceptions.Count; i++)
        {
            var e = Exceptions[i];
            if (!DatePattern.Parse(e.Date ?? "").Success)
            {
                errors($"exceptions[{i}].date", $"'{e.Date}' is not a date (yyyy-MM-dd).");
            }
            else if (!seen.Add(e.Date!))
            {
                errors($"exceptions[{i}].date", $"{e.Date} has two exceptions; merge them.");
            }

            if (e.Reason is { Length: > 200 })
            {
                errors($"exceptions[{i}].reason", "At most 200 characters.");
            }

            CheckSpans($"exceptions[{i}].hours", e.Hours ?? [], errors);
        }

        if (Holidays.Count > 1000)
        {
            errors("holidays", "At most 1000 holidays.");
        }

        if (Exceptions.Count > 1000)
        {
            errors("exceptions", "At most 1000 exceptions.");
        }
    }

    /// <summary>The validated rules as a schedule for calculation.</summary>
    public WorkSchedule ToSchedule() => new(
        DateTimeZoneProviders.Tzdb[TimeZone],
        Week.Where(d => BusinessCalendar.DayNames.Contains(d.Key)).ToDictionary(
            d => (IsoDayOfWeek)(Array.IndexOf(BusinessCalendar.DayNames, d.Key) + 1),
            d => (IReadOnlyList<WorkingSpan>)d.Value.Select(WorkingSpan.Parse).ToList()),
        Holidays.Where(h => h.Date is not null).Select(h => DatePattern.Parse(h.Date!).Value),
        Holidays.Where(h => h.Yearly is not null).Select(h => YearlyPattern.Parse(h.Yearly!).Value).Select(a => (a.Month, a.Day)),
        Exceptions.ToDictionary(e => DatePattern.Parse(e.Date).Value, e => (IReadOnlyList<WorkingSpan>)e.Hours.Select(WorkingSpan.Parse).ToList()));

    private static int CheckSpans(string field, IReadOnlyList<string> spans, Action<string, string> errors)
    {
        var parsed = new List<(int Index, WorkingSpan Span)>();
        for (var i = 0; i < spans.Count; i++)
        {
            if (!WorkingSpan.TryParse(spans[i], out var span))
            {
                errors($"{field}[{i}]", $"'{spans[i]}' is not a span such as 09:00-17:30.");
            }
            else if (!span.IsValid)
            {
                errors($"{field}[{i}]", $"'{spans[i]}' is empty or inverted: the end must be after the start (24:00 is the latest end).");
            }
            else
            {
                parsed.Add((i, span));
            }
        }

        var ordered = parsed.OrderBy(p => p.Span.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Span.Start < ordered[i - 1].Span.End)
            {
                errors($"{field}[{ordered[i].Index}]", $"'{ordered[i].Span}' overlaps '{ordered[i - 1].Span}'.");
            }
        }

        return parsed.Count;
    }
}
