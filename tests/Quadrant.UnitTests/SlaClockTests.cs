using NodaTime;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Domain.Clocks;

namespace Quadrant.UnitTests;

/// <summary>The SLA clock against a reference that walks its history minute by minute.</summary>
public class SlaClockTests
{
    private static readonly Duration Minute = Duration.FromMinutes(1);

    [Fact]
    public void Readings_match_the_minute_by_minute_reference_on_random_histories()
    {
        for (var seed = 1; seed <= 300; seed++)
        {
            var random = new Random(seed);
            var scenario = BusinessTimeTests.Scenario.Random(random);
            var events = RandomHistory(random, scenario.InterestingInstant(random));
            var now = events[^1].At + Duration.FromMinutes(random.Next(0, 3000));

            var actual = SlaClock.Read(scenario.Schedule, events, now);
            var expected = Reference(scenario, events, now);
            var context = $"seed {seed}: {scenario}\n events [{string.Join("; ", events)}] now {now}";
            Assert.True(expected.Elapsed == actual.Elapsed, $"{context}\n elapsed: reference {expected.Elapsed}, clock {actual.Elapsed}");
            Assert.True(expected.Breached == actual.Breached, $"{context}\n breached: reference {expected.Breached}, clock {actual.Breached}");
            Assert.True(expected.BreachedAt == actual.BreachedAt, $"{context}\n breached at: reference {expected.BreachedAt}, clock {actual.BreachedAt}");
            Assert.True(expected.Due == actual.Due, $"{context}\n due: reference {expected.Due}, clock {actual.Due}");
            Assert.Equal(expected.Status, actual.Status);
            Assert.Equal(actual.Target - actual.Elapsed, actual.Remaining);
        }
    }

    private static List<ClockEvent> RandomHistory(Random random, Instant start)
    {
        var events = new List<ClockEvent> { new(ClockEventKind.Started, start, Duration.FromMinutes(random.Next(30, 3000))) };
        var at = start;
        var paused = false;
        for (var i = random.Next(0, 7); i > 0; i--)
        {
            at += Duration.FromMinutes(random.Next(0, 2500));
            var roll = random.Next(10);
            if (roll < 2)
            {
                events.Add(new ClockEvent(ClockEventKind.TargetChanged, at, Duration.FromMinutes(random.Next(30, 3000))));
            }
            else if (roll == 9)
            {
                events.Add(new ClockEvent(ClockEventKind.Stopped, at));
                if (random.Next(2) == 0)
                {
                    break;
                }

                // Reopened later (a resolved incident that was not fixed after all).
                at += Duration.FromMinutes(random.Next(0, 2500));
                events.Add(new ClockEvent(ClockEventKind.Reopened, at));
                paused = false;
            }
            else
            {
                events.Add(paused ? new ClockEvent(ClockEventKind.Resumed, at) : new ClockEvent(ClockEventKind.Paused, at, Reason: "awaiting customer"));
                paused = !paused;
            }
        }

        return events;
    }

    private static ClockReading Reference(BusinessTimeTests.Scenario scenario, List<ClockEvent> events, Instant now)
    {
        bool RunningAt(Instant t)
        {
            var last = events.Last(e => e.At <= t && e.Kind != ClockEventKind.TargetChanged);
            return last.Kind is ClockEventKind.Started or ClockEventKind.Resumed or ClockEventKind.Reopened;
        }

        var target = events.Last(e => e.At <= now && e.Target is not null).Target!.Value;
        var counted = 0;
        Instant? reached = null;
        for (var t = events[0].At; t < now; t += Minute)
        {
            if (RunningAt(t) && scenario.Working(t))
            {
                counted++;
                if (reached is null && Duration.FromMinutes(counted) >= target)
                {
                    reached = t + Minute;
                }
            }
        }

        var elapsed = Duration.FromMinutes(counted);
        var last = events.Last(e => e.At <= now && e.Kind != ClockEventKind.TargetChanged).Kind;
        var status = last switch
        {
            ClockEventKind.Paused => ClockStatus.Paused,
            ClockEventKind.Stopped => ClockStatus.Stopped,
            _ => ClockStatus.Running,
        };
        var due = reached;
        if (due is null && status == ClockStatus.Running)
        {
            due = scenario.ReferenceAdd(now, (int)(target - elapsed).TotalMinutes);
        }

        var breached = elapsed > target;
        return new ClockReading(status, target, elapsed, due, target - elapsed, breached, breached ? reached : null, null);
    }

    private static WorkSchedule NineToFive() => new(DateTimeZoneProviders.Tzdb["Europe/Berlin"],
        Enumerable.Range(1, 5).ToDictionary(d => (IsoDayOfWeek)d, _ => (IReadOnlyList<WorkingSpan>)[WorkingSpan.Parse("09:00-17:00")]));

    private static Instant Berlin(int day, int h, int m) =>
        new LocalDateTime(2026, 6, day, h, m).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/Berlin"]).ToInstant();

    [Fact]
    public void A_pause_spanning_a_night_and_a_weekend_stops_the_clock()
    {
        // Mon 8 June 16:00, 4 h target. Pause Mon 16:30 (awaiting customer) until Wed 10:00.
        var events = new List<ClockEvent>
        {
            new(ClockEventKind.Started, Berlin(8, 16, 0), Duration.FromHours(4)),
            new(ClockEventKind.Paused, Berlin(8, 16, 30), Reason: "awaiting customer"),
            new(ClockEventKind.Resumed, Berlin(10, 10, 0)),
        };
        var paused = SlaClock.Read(NineToFive(), events, Berlin(9, 12, 0));
        Assert.Equal(ClockStatus.Paused, paused.Status);
        Assert.Equal("awaiting customer", paused.PauseReason);
        Assert.Equal(Duration.FromMinutes(30), paused.Elapsed);
        Assert.Null(paused.Due);

        var running = SlaClock.Read(NineToFive(), events, Berlin(10, 10, 0));
        // 30 min used; 3 h 30 left from Wed 10:00 → Wed 13:30.
        Assert.Equal(Berlin(10, 13, 30), running.Due);
        Assert.False(running.Breached);

        var late = SlaClock.Read(NineToFive(), events, Berlin(10, 14, 0));
        Assert.True(late.Breached);
        Assert.Equal(Berlin(10, 13, 30), late.BreachedAt);
        Assert.Equal(Duration.FromMinutes(-30), late.Remaining);
    }

    [Fact]
    public void A_pause_outside_business_hours_consumes_nothing_and_a_target_change_applies_to_the_whole_measurement()
    {
        var events = new List<ClockEvent>
        {
            new(ClockEventKind.Started, Berlin(8, 15, 0), Duration.FromHours(8)),
            new(ClockEventKind.Paused, Berlin(8, 20, 0), Reason: "awaiting supplier"),
            new(ClockEventKind.Resumed, Berlin(9, 8, 0)),
            new(ClockEventKind.TargetChanged, Berlin(9, 10, 0), Duration.FromHours(3)),
        };
        var reading = SlaClock.Read(NineToFive(), events, Berlin(9, 11, 0));
        // Mon 15:00–17:00 (2 h) + Tue 09:00–11:00 (2 h) = 4 h > new 3 h target: breached at Tue 10:00.
        Assert.Equal(Duration.FromHours(4), reading.Elapsed);
        Assert.True(reading.Breached);
        Assert.Equal(Berlin(9, 10, 0), reading.BreachedAt);
    }

    [Fact]
    public void Stopping_on_the_due_instant_is_met()
    {
        var events = new List<ClockEvent>
        {
            new(ClockEventKind.Started, Berlin(8, 9, 0), Duration.FromHours(2)),
            new(ClockEventKind.Stopped, Berlin(8, 11, 0)),
        };
        var reading = SlaClock.Read(NineToFive(), events, Berlin(12, 9, 0));
        Assert.Equal(ClockStatus.Stopped, reading.Status);
        Assert.False(reading.Breached);
        Assert.Equal(Duration.Zero, reading.Remaining);
        Assert.Equal(Berlin(8, 11, 0), reading.Due);
    }

    [Fact]
    public void A_clock_stopped_while_paused_keeps_what_it_had_counted()
    {
        var events = new List<ClockEvent>
        {
            new(ClockEventKind.Started, Berlin(8, 9, 0), Duration.FromHours(2)),
            new(ClockEventKind.Paused, Berlin(8, 10, 0), Reason: "awaiting customer"),
            new(ClockEventKind.Stopped, Berlin(9, 12, 0)),
        };
        var reading = SlaClock.Read(NineToFive(), events, Berlin(12, 9, 0));
        Assert.Equal(ClockStatus.Stopped, reading.Status);
        Assert.Equal(Duration.FromHours(1), reading.Elapsed);
        Assert.Null(reading.Due);
        Assert.False(reading.Breached);
    }

    [Theory]
    [InlineData("no-start")]
    [InlineData("out-of-order")]
    [InlineData("resume-running")]
    [InlineData("after-stop")]
    [InlineData("reopen-running")]
    [InlineData("zero-target")]
    public void Impossible_histories_are_refused(string kind)
    {
        var t = Berlin(8, 9, 0);
        List<ClockEvent> events = kind switch
        {
            "no-start" => [new(ClockEventKind.Paused, t)],
            "out-of-order" => [new(ClockEventKind.Started, t, Duration.FromHours(1)), new(ClockEventKind.Paused, t - Minute)],
            "resume-running" => [new(ClockEventKind.Started, t, Duration.FromHours(1)), new(ClockEventKind.Resumed, t + Minute)],
            "reopen-running" => [new(ClockEventKind.Started, t, Duration.FromHours(1)), new(ClockEventKind.Reopened, t + Minute)],
            "after-stop" => [new(ClockEventKind.Started, t, Duration.FromHours(1)), new(ClockEventKind.Stopped, t + Minute), new(ClockEventKind.Paused, t + Minute)],
            _ => [new(ClockEventKind.Started, t, Duration.Zero)],
        };
        Assert.NotNull(SlaClock.Problem(events));
        Assert.Throws<ArgumentException>(() => SlaClock.Read(NineToFive(), events, t + Duration.FromHours(1)));
    }
}
