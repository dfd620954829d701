using NodaTime;

namespace Quadrant.IntegrationTests.Infrastructure;

/// <summary>
/// The independent reference for business time: a calendar that answers, for one minute, whether it is
/// working time (local weekday spans in minutes of the day, holidays by local date). Clocks are checked
/// against it by walking every minute.
/// </summary>
public sealed record MinuteCalendar(DateTimeZone Zone, Dictionary<IsoDayOfWeek, List<(int Start, int End)>> Week, HashSet<LocalDate> Holidays)
{
    public bool Working(Instant minute)
    {
        var local = minute.InZone(Zone).LocalDateTime;
        if (Holidays.Contains(local.Date))
        {
            return false;
        }

        var m = local.Hour * 60 + local.Minute;
        return Week.TryGetValue(local.DayOfWeek, out var spans) && spans.Any(s => s.Start <= m && m < s.End);
    }

    /// <summary>Working minutes in [from, to) during which <paramref name="running"/> holds.</summary>
    public int Count(Instant from, Instant to, Func<Instant, bool> running)
    {
        var counted = 0;
        for (var t = from; t < to; t += Duration.FromMinutes(1))
        {
            if (running(t) && Working(t))
            {
                counted++;
            }
        }

        return counted;
    }
}
