using NodaTime;
using Quadrant.Modules.Catalogue.Domain.Calendars;

namespace Quadrant.UnitTests;

/// <summary>
/// The business-time calculator against an independent reference that walks minute by minute and
/// asks, for each minute, "is the local wall-clock time inside a working span of its local date?".
/// </summary>
public class BusinessTimeTests
{
    // Zones chosen for awkward rules: DST at midnight (Havana, Santiago), 30-minute DST (Lord Howe),
    // half- and three-quarter-hour offsets (Kolkata, Kathmandu, St John's, Chatham), southern hemisphere.
    private static readonly string[] Zones =
    [
        "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Kathmandu",
        "America/St_Johns", "Pacific/Chatham", "America/Havana", "America/Santiago", "Europe/Berlin", "UTC",
    ];

    private static readonly Instant Min2026 = Instant.FromUtc(2026, 1, 1, 0, 0);

    [Fact]
    public void Add_and_elapsed_match_the_minute_by_minute_reference_on_random_scenarios()
    {
        for (var seed = 1; seed <= 400; seed++)
        {
            var random = new Random(seed);
            var scenario = Scenario.Random(random);
            var start = scenario.InterestingInstant(random);
            var minutes = random.Next(1, random.Next(2) == 0 ? 600 : 4000);

            var expected = scenario.ReferenceAdd(start, minutes);
            var actual = BusinessTime.Add(scenario.Schedule, start, Duration.FromMinutes(minutes));
            Assert.True(expected == actual, $"seed {seed}: {scenario} add {minutes} min from {start}: reference {expected}, calculator {actual}");

            var to = start + Duration.FromMinutes(random.Next(0, 6 * 1440));
            var elapsedExpected = scenario.ReferenceElapsed(start, to);
            var elapsedActual = BusinessTime.Elapsed(scenario.Schedule, start, to);
            Assert.True(Duration.FromMinutes(elapsedExpected) == elapsedActual,
                $"seed {seed}: {scenario} elapsed {start}..{to}: reference {elapsedExpected} min, calculator {elapsedActual.TotalMinutes} min");
        }
    }

    [Fact]
    public void Add_then_elapsed_round_trips()
    {
        for (var seed = 1000; seed < 1100; seed++)
        {
            var random = new Random(seed);
            var scenario = Scenario.Random(random);
            var start = scenario.InterestingInstant(random);
            var amount = Duration.FromMinutes(random.Next(1, 3000));
            var due = BusinessTime.Add(scenario.Schedule, start, amount);
            Assert.Equal(amount, BusinessTime.Elapsed(scenario.Schedule, start, due));
        }
    }

    private static WorkSchedule NineToFive(string zone) => new(DateTimeZoneProviders.Tzdb[zone],
        Enumerable.Range(1, 5).ToDictionary(d => (IsoDayOfWeek)d, _ => (IReadOnlyList<WorkingSpan>)[WorkingSpan.Parse("09:00-17:00")]));

    [Fact]
    public void Spans_include_their_start_and_exclude_their_end()
    {
        var s = NineToFive("Europe/Berlin");
        var zone = s.Zone;
        Instant At(int day, int h, int m) => new LocalDateTime(2026, 6, day, h, m).InZoneStrictly(zone).ToInstant();
        // Wed 16:59 + 1 min = 17:00 the same day; Wed 17:00 + 1 min = Thu 09:01.
        Assert.Equal(At(10, 17, 0), BusinessTime.Add(s, At(10, 16, 59), Duration.FromMinutes(1)));
        Assert.Equal(At(11, 9, 1), BusinessTime.Add(s, At(10, 17, 0), Duration.FromMinutes(1)));
        // Counting starts at the next opening: Saturday 12:00 + 30 min = Monday 09:30.
        Assert.Equal(At(15, 9, 30), BusinessTime.Add(s, At(13, 12, 0), Duration.FromMinutes(30)));
        Assert.True(BusinessTime.IsWorking(s, At(10, 9, 0)));
        Assert.False(BusinessTime.IsWorking(s, At(10, 17, 0)));
    }

    [Fact]
    public void A_dst_gap_removes_the_missing_local_time()
    {
        // London, Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST. Span 00:30–02:30 exists for 60 minutes.
        var zone = DateTimeZoneProviders.Tzdb["Europe/London"];
        var s = new WorkSchedule(zone, new Dictionary<IsoDayOfWeek, IReadOnlyList<WorkingSpan>> { [IsoDayOfWeek.Sunday] = [WorkingSpan.Parse("00:30-02:30")] });
        var day = new LocalDate(2026, 3, 29).AtStartOfDayInZone(zone).ToInstant();
        Assert.Equal(Duration.FromMinutes(60), BusinessTime.Elapsed(s, day, day + Duration.FromDays(1)));
    }

    [Fact]
    public void A_dst_overlap_counts_the_repeated_local_time_twice()
    {
        // London, Sunday 25 October 2026: 02:00 BST becomes 01:00 GMT. Span 01:00–02:00 happens twice: 120 minutes.
        var zone = DateTimeZoneProviders.Tzdb["Europe/London"];
        var s = new WorkSchedule(zone, new Dictionary<IsoDayOfWeek, IReadOnlyList<WorkingSpan>> { [IsoDayOfWeek.Sunday] = [WorkingSpan.Parse("01:00-02:00")] });
        var day = new LocalDate(2026, 10, 25).AtStartOfDayInZone(zone).ToInstant();
        Assert.Equal(Duration.FromMinutes(120), BusinessTime.Elapsed(s, day, day + Duration.FromDays(1)));
    }

    [Fact]
    public void Spans_repeated_by_an_overlap_are_consumed_in_time_order()
    {
        // London, 25 October 2026, spans 00:30–01:30 and 01:30–02:00. Real time order: 00:30–01:30 BST,
        // 01:30–02:00 BST, then (clocks back) 01:00–01:30 GMT and 01:30–02:00 GMT.
        var zone = DateTimeZoneProviders.Tzdb["Europe/London"];
        var s = new WorkSchedule(zone, new Dictionary<IsoDayOfWeek, IReadOnlyList<WorkingSpan>>
        {
            [IsoDayOfWeek.Sunday] = [WorkingSpan.Parse("00:30-01:30"), WorkingSpan.Parse("01:30-02:00")],
        });
        var start = Instant.FromUtc(2026, 10, 24, 23, 30); // 00:30 BST
        Assert.Equal(Instant.FromUtc(2026, 10, 25, 1, 0), BusinessTime.Add(s, start, Duration.FromMinutes(90)));
        Assert.Equal(Instant.FromUtc(2026, 10, 25, 1, 30), BusinessTime.Add(s, start, Duration.FromMinutes(120)));
        Assert.Equal(Instant.FromUtc(2026, 10, 25, 2, 0), BusinessTime.Add(s, start, Duration.FromMinutes(150)));
        Assert.Equal(Duration.FromMinutes(150), BusinessTime.Elapsed(s, start, start + Duration.FromDays(1)));
    }

    [Fact]
    public void Holidays_and_exceptions_take_precedence_over_the_week()
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var week = Enumerable.Range(1, 5).ToDictionary(d => (IsoDayOfWeek)d, _ => (IReadOnlyList<WorkingSpan>)[WorkingSpan.Parse("09:00-17:00")]);
        var s = new WorkSchedule(zone, week,
            holidays: [new LocalDate(2026, 6, 10)],
            yearlyHolidays: [(12, 25)],
            exceptions: new Dictionary<LocalDate, IReadOnlyList<WorkingSpan>>
            {
                [new LocalDate(2026, 6, 11)] = [WorkingSpan.Parse("09:00-12:00")], // shortened day
                [new LocalDate(2026, 6, 13)] = [WorkingSpan.Parse("10:00-14:00")], // extra Saturday
            });
        Assert.Empty(s.SpansOn(new LocalDate(2026, 6, 10)));
        Assert.Empty(s.SpansOn(new LocalDate(2027, 12, 25)));
        Assert.Equal([WorkingSpan.Parse("09:00-12:00")], s.SpansOn(new LocalDate(2026, 6, 11)));
        Assert.Equal([WorkingSpan.Parse("10:00-14:00")], s.SpansOn(new LocalDate(2026, 6, 13)));
        var from = new LocalDate(2026, 6, 8).AtStartOfDayInZone(zone).ToInstant();
        // Mon 8h + Tue 8h + Wed holiday 0 + Thu 3h + Fri 8h + Sat 4h = 31h.
        Assert.Equal(Duration.FromHours(31), BusinessTime.Elapsed(s, from, from + Duration.FromDays(7)));
    }

    [Theory]
    [InlineData("09:00-17:00", 540, 1020)]
    [InlineData("0:00-24:00", 0, 1440)]
    [InlineData("22:30-24:00", 1350, 1440)]
    public void Spans_parse(string text, int start, int end) => Assert.Equal(new WorkingSpan(start, end), WorkingSpan.Parse(text));

    [Theory]
    [InlineData("17:00-09:00")]
    [InlineData("09:00-09:00")]
    public void Inverted_or_empty_spans_are_refused(string text) =>
        Assert.Throws<ArgumentException>(() => new WorkSchedule(DateTimeZoneProviders.Tzdb["UTC"],
            new Dictionary<IsoDayOfWeek, IReadOnlyList<WorkingSpan>> { [IsoDayOfWeek.Monday] = [WorkingSpan.Parse(text)] }));

    [Theory]
    [InlineData("9-17")]
    [InlineData("25:00-26:00")]
    [InlineData("09:60-10:00")]
    [InlineData("24:30-24:45")]
    [InlineData("")]
    public void Malformed_spans_do_not_parse(string text) => Assert.False(WorkingSpan.TryParse(text, out _));

    [Fact]
    public void Overlapping_spans_are_refused() =>
        Assert.Throws<ArgumentException>(() => new WorkSchedule(DateTimeZoneProviders.Tzdb["UTC"],
            new Dictionary<IsoDayOfWeek, IReadOnlyList<WorkingSpan>> { [IsoDayOfWeek.Monday] = [WorkingSpan.Parse("09:00-12:00"), WorkingSpan.Parse("11:00-13:00")] }));

    [Fact]
    public void A_calendar_without_working_time_fails_clearly()
    {
        var s = new WorkSchedule(DateTimeZoneProviders.Tzdb["UTC"], new Dictionary<IsoDayOfWeek, IReadOnlyList<WorkingSpan>>());
        Assert.False(s.HasWeeklyTime);
        Assert.Throws<InvalidOperationException>(() => BusinessTime.Add(s, Min2026, Duration.FromMinutes(1)));
    }

    /// <summary>A random calendar and the reference implementation of its semantics.</summary>
    internal sealed class Scenario
    {
        private readonly Dictionary<IsoDayOfWeek, List<WorkingSpan>> week = [];
        private readonly HashSet<LocalDate> holidays = [];
        private readonly HashSet<(int, int)> yearly = [];
        private readonly Dictionary<LocalDate, List<WorkingSpan>> exceptions = [];

        private Scenario(DateTimeZone zone) => Zone = zone;

        public DateTimeZone Zone { get; }

        public WorkSchedule Schedule { get; private set; } = default!;

        public static Scenario Random(Random random)
        {
            var s = new Scenario(DateTimeZoneProviders.Tzdb[Zones[random.Next(Zones.Length)]]);
            foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
            {
                s.week[day] = RandomSpans(random, random.Next(4));
            }

            if (s.week.Values.All(v => v.Count == 0))
            {
                s.week[IsoDayOfWeek.Monday] = [new WorkingSpan(0, 1440)];
            }

            for (var i = random.Next(4); i > 0; i--)
            {
                s.holidays.Add(new LocalDate(2026, 1, 1).PlusDays(random.Next(365)));
            }

            for (var i = random.Next(3); i > 0; i--)
            {
                s.yearly.Add((random.Next(1, 13), random.Next(1, 29)));
            }

            for (var i = random.Next(4); i > 0; i--)
            {
                s.exceptions[new LocalDate(2026, 1, 1).PlusDays(random.Next(365))] = RandomSpans(random, random.Next(3));
            }

            s.Schedule = new WorkSchedule(s.Zone, s.week.ToDictionary(w => w.Key, w => (IReadOnlyList<WorkingSpan>)w.Value),
                s.holidays, s.yearly, s.exceptions.ToDictionary(e => e.Key, e => (IReadOnlyList<WorkingSpan>)e.Value));
            return s;
        }

        // Boundaries on a 15-minute grid, biased towards the small hours where clocks change.
        private static List<WorkingSpan> RandomSpans(Random random, int count)
        {
            var points = new SortedSet<int>();
            while (points.Count < count * 2)
            {
                points.Add(random.Next(3) == 0 ? random.Next(0, 17) * 15 : random.Next(0, 97) * 15);
            }

            var list = points.ToList();
            return Enumerable.Range(0, count).Select(i => new WorkingSpan(list[2 * i], list[(2 * i) + 1])).ToList();
        }

        /// <summary>Near a daylight-saving transition of the zone when it has one, else anywhere in 2026.</summary>
        public Instant InterestingInstant(Random random)
        {
            var transitions = Zone.GetZoneIntervals(Min2026, Min2026 + Duration.FromDays(365)).Where(z => z.HasStart && z.Start > Min2026).ToList();
            var anchor = transitions.Count > 0 && random.Next(4) != 0
                ? transitions[random.Next(transitions.Count)].Start
                : Min2026 + Duration.FromMinutes(random.Next(0, 365 * 1440));
            return anchor + Duration.FromMinutes(random.Next(-3 * 1440, 2 * 1440));
        }

        public bool Working(Instant minute)
        {
            var local = minute.InZone(Zone).LocalDateTime;
            var date = local.Date;
            IReadOnlyList<WorkingSpan> spans = exceptions.TryGetValue(date, out var special) ? special
                : holidays.Contains(date) || yearly.Contains((date.Month, date.Day)) ? []
                : week[date.DayOfWeek];
            var m = (local.Hour * 60) + local.Minute;
            return spans.Any(s => s.Start <= m && m < s.End);
        }

        public Instant ReferenceAdd(Instant start, int minutes)
        {
            var t = start;
            for (var guard = 0; guard < 400 * 1440; guard++, t += Duration.FromMinutes(1))
            {
                if (Working(t) && --minutes == 0)
                {
                    return t + Duration.FromMinutes(1);
                }
            }

            throw new InvalidOperationException("reference found no working time");
        }

        public int ReferenceElapsed(Instant from, Instant to)
        {
            var count = 0;
            for (var t = from; t < to; t += Duration.FromMinutes(1))
            {
                count += Working(t) ? 1 : 0;
            }

            return count;
        }

        public override string ToString() =>
            $"{Zone.Id} week[{string.Join(" ", week.OrderBy(w => w.Key).Select(w => $"{w.Key.ToString()[..2]}:{string.Join(",", w.Value)}"))}] " +
            $"holidays[{string.Join(",", holidays)}] yearly[{string.Join(",", yearly)}] exceptions[{string.Join(" ", exceptions.Select(e => $"{e.Key}:{string.Join(",", e.Value)}"))}]";
    }
}
