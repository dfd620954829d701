using NodaTime;

namespace Quadrant.Modules.Catalogue.Domain.Calendars;

/// <summary>
/// Exact business-time arithmetic over a <see cref="WorkSchedule"/>.
///
/// Semantics (see docs/business-time.md): an instant is working time when its local wall-clock time,
/// in the calendar's zone, falls inside one of the working spans of its local date, start included,
/// end excluded. So in a daylight-saving gap the missing local times contribute nothing, and in an
/// overlap the repeated local times count twice (both occurrences are real elapsed time).
/// </summary>
public static class BusinessTime
{
    /// <summary>The search gives up after this long without finding enough working time.</summary>
    public static readonly Duration Horizon = Duration.FromDays(3660);

    /// <summary>The instant at which <paramref name="amount"/> of working time has elapsed after <paramref name="start"/>.</summary>
    /// <exception cref="InvalidOperationException">The calendar has no working time within <see cref="Horizon"/>.</exception>
    public static Instant Add(WorkSchedule schedule, Instant start, Duration amount)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (amount < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "Business time cannot be negative.");
        }

        if (amount == Duration.Zero)
        {
            return start;
        }

        var remaining = amount;
        foreach (var range in WorkingRanges(schedule, start, start + Horizon))
        {
            var available = range.End - range.Start;
            if (remaining <= available)
            {
                return range.Start + remaining;
            }

            remaining -= available;
        }

        throw new InvalidOperationException("The calendar has too little working time to reach the target within ten years.");
    }

    /// <summary>Working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public static Duration Elapsed(WorkSchedule schedule, Instant from, Instant to)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var total = Duration.Zero;
        if (to <= from)
        {
            return total;
        }

        foreach (var range in WorkingRanges(schedule, from, to))
        {
            total += range.End - range.Start;
        }

        return total;
    }

    /// <summary>True when the instant is working time.</summary>
    public static bool IsWorking(WorkSchedule schedule, Instant instant) =>
        WorkingRanges(schedule, instant, instant + Duration.FromTicks(1)).Any();

    /// <summary>
    /// The working time in [<paramref name="from"/>, <paramref name="to"/>) as ordered, non-overlapping
    /// instant ranges. Ranges are computed once per UTC month of each (immutable) schedule and kept
    /// with it, so repeated calculations are a binary search and a short walk.
    /// </summary>
    public static IEnumerable<(Instant Start, Instant End)> WorkingRanges(WorkSchedule schedule, Instant from, Instant to)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (to <= from)
        {
            yield break;
        }

        var month = new LocalDate(from.InUtc().Year, from.InUtc().Month, 1);
        while (true)
        {
            var monthStart = month.AtMidnight().InUtc().ToInstant();
            if (monthStart >= to)
            {
                yield break;
            }

            var ranges = schedule.RangesOfMonth(month, m => RangesIn(schedule, m.AtMidnight().InUtc().ToInstant(), m.PlusMonths(1).AtMidnight().InUtc().ToInstant()));
            for (var i = FirstEndingAfter(ranges, from); i < ranges.Length; i++)
            {
                var (start, end) = ranges[i];
                if (start >= to)
                {
                    yield break;
                }

                yield return (Max(start, from), Min(end, to));
            }

            month = month.PlusMonths(1);
        }
    }

    // The first range whose end is after the instant (ranges are sorted and disjoint).
    private static int FirstEndingAfter((Instant Start, Instant End)[] ranges, Instant instant)
    {
        int lo = 0, hi = ranges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ranges[mid].End <= instant)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static List<(Instant Start, Instant End)> RangesIn(WorkSchedule schedule, Instant from, Instant to)
    {
        var zone = schedule.Zone;
        // Local dates whose spans can reach into [from, to): offsets are within ±18 hours.
        var firstDate = from.Minus(Duration.FromHours(18)).InUtc().Date.PlusDays(-1);
        var lastDate = to.Plus(Duration.FromHours(18)).InUtc().Date.PlusDays(1);
        var zoneIntervals = zone.GetZoneIntervals(
            firstDate.AtMidnight().InUtc().ToInstant() - Duration.FromDays(1),
            lastDate.PlusDays(1).AtMidnight().InUtc().ToInstant() + Duration.FromDays(1)).ToList();

        var ranges = new List<(Instant Start, Instant End)>();
        for (var date = firstDate; date <= lastDate; date = date.PlusDays(1))
        {
            foreach (var span in schedule.SpansOn(date))
            {
                var localStart = date.AtMidnight().PlusMinutes(span.Start);
                var localEnd = date.AtMidnight().PlusMinutes(span.End);
                foreach (var zi in zoneIntervals)
                {
                    // Within a zone interval local = instant + offset, so local ∈ [ls, le) ⇔ instant ∈ [ls − o, le − o).
                    var start = Max(localStart.WithOffset(zi.WallOffset).ToInstant(), zi.HasStart ? zi.Start : Instant.MinValue);
                    var end = Min(localEnd.WithOffset(zi.WallOffset).ToInstant(), zi.HasEnd ? zi.End : Instant.MaxValue);
                    start = Max(start, from);
                    end = Min(end, to);
                    if (start < end)
                    {
                        ranges.Add((start, end));
                    }
                }
            }
        }

        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(Instant Start, Instant End)>(ranges.Count);
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
