using NodaTime;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Clocks;

namespace Quadrant.UnitTests;

/// <summary>Thresholds, persisted clocks and calendar edits mid-flight, against the minute-by-minute reference.</summary>
public class SlaClockRecordTests
{
    private static readonly Duration Minute = Duration.FromMinutes(1);

    /// <summary>The reference: the instant counted running business time reaches <paramref name="amount"/> minutes.</summary>
    private static Instant? ReferenceReach(BusinessTimeTests.Scenario scenario, List<ClockEvent> events, Instant now, int amount)
    {
        bool RunningAt(Instant t) => events.Last(e => e.At <= t && e.Kind != ClockEventKind.TargetChanged).Kind is ClockEventKind.Started or ClockEventKind.Resumed;
        var counted = 0;
        for (var t = events[0].At; t < now; t += Minute)
        {
            if (RunningAt(t) && scenario.Working(t) && ++counted == amount)
            {
                return t + Minute;
            }
        }

        return RunningAt(now) ? scenario.ReferenceAdd(now, amount - counted) : null;
    }

    private static List<ClockEvent> History(Random random, Instant start, int target)
    {
        var events = new List<ClockEvent> { new(ClockEventKind.Started, start, Duration.FromMinutes(target)) };
        var at = start;
        var paused = false;
        for (var i = random.Next(0, 6); i > 0; i--)
        {
            at += Duration.FromMinutes(random.Next(1, 2500));
            if (random.Next(10) == 9)
            {
                events.Add(new ClockEvent(ClockEventKind.Stopped, at));
                break;
            }

            events.Add(paused ? new ClockEvent(ClockEventKind.Resumed, at) : new ClockEvent(ClockEventKind.Paused, at, Reason: "awaiting supplier"));
            paused = !paused;
        }

        return events;
    }

    [Fact]
    public void Threshold_instants_match_the_reference_on_random_histories()
    {
        for (var seed = 1; seed <= 200; seed++)
        {
            var random = new Random(seed);
            var scenario = BusinessTimeTests.Scenario.Random(random);
            var events = History(random, scenario.InterestingInstant(random), random.Next(30, 3000));
            var now = events[^1].At + Duration.FromMinutes(random.Next(0, 3000));
            var amount = random.Next(1, 3000);
            var expected = ReferenceReach(scenario, events, now, amount);
            var actual = SlaClock.Reach(scenario.Schedule, events, now, Duration.FromMinutes(amount));
            Assert.True(expected == actual, $"seed {seed}: {scenario}\n events [{string.Join("; ", events)}] now {now} amount {amount}: reference {expected}, clock {actual}");
        }
    }

    [Fact]
    public void A_persisted_clock_records_each_reached_threshold_and_schedules_the_next()
    {
        for (var seed = 1; seed <= 150; seed++)
        {
            var random = new Random(seed);
            var scenario = BusinessTimeTests.Scenario.Random(random);
            var target = random.Next(60, 3000);
            var events = History(random, scenario.InterestingInstant(random), target);
            var now = events[^1].At + Duration.FromMinutes(random.Next(0, 3000));
            var clock = NewClock(target, events[0].At, [50, 90]);
            var reached = clock.Refresh(scenario.Schedule, events, new HashSet<int>(), now.ToDateTimeUtc());
            var reading = SlaClock.Read(scenario.Schedule, events, now);
            var context = $"seed {seed}: {scenario}\n events [{string.Join("; ", events)}] now {now}";

            // Warnings: reached when counted time reaches the share of the target (reference, minute by minute).
            foreach (var percent in new[] { 50, 90 })
            {
                var at = ReferenceReach(scenario, events, now, target * percent / 100) is { } r && target * percent % 100 == 0 ? r : (Instant?)null;
                if (at is null)
                {
                    continue; // a fractional minute share; covered by the threshold test above
                }

                Assert.True(reached.Any(x => x.Percent == percent) == (at <= now), $"{context}\n {percent} %: reference {at}, reached [{string.Join(", ", reached)}]");
            }

            // The breach: reached exactly when the reading says breached.
            Assert.True(reached.Any(x => x.Percent == 100) == reading.Breached, $"{context}\n breach: reading {reading.Breached}, reached [{string.Join(", ", reached)}]");
            Assert.Equal(reading.Breached, clock.Breached);
            Assert.Equal((long)reading.Elapsed.TotalSeconds, clock.ElapsedSeconds);

            // Once the reached ones are recorded, the next crossing is in the future (or none is pending).
            clock.Refresh(scenario.Schedule, events, reached.Select(r => r.Percent).ToHashSet(), now.ToDateTimeUtc());
            Assert.True(clock.NextCrossingAt is null || clock.NextCrossingAt > now.ToDateTimeUtc(), $"{context}\n next {clock.NextCrossingAt:o}");

            // The crossing job records what it reached in the same pass: one refresh gives the same next crossing.
            var recording = NewClock(target, events[0].At, [50, 90]);
            Assert.Equal(reached, recording.Refresh(scenario.Schedule, events, new HashSet<int>(), now.ToDateTimeUtc(), recordsReached: true));
            Assert.Equal(clock.NextCrossingAt, recording.NextCrossingAt);
            if (reading.Status == ClockStatus.Running && !reading.Breached)
            {
                Assert.NotNull(clock.NextCrossingAt);
            }
        }
    }

    [Fact]
    public void After_a_calendar_edit_mid_flight_a_clock_reads_as_if_measured_in_the_new_calendar_throughout()
    {
        for (var seed = 1; seed <= 150; seed++)
        {
            var random = new Random(seed);
            var before = BusinessTimeTests.Scenario.Random(random);
            var after = BusinessTimeTests.Scenario.Random(new Random(seed + 10_000));
            var target = random.Next(30, 3000);
            var events = History(random, before.InterestingInstant(random), target);
            var now = events[^1].At + Duration.FromMinutes(random.Next(0, 3000));
            var clock = NewClock(target, events[0].At, [75]);
            clock.Refresh(before.Schedule, events, new HashSet<int>(), now.ToDateTimeUtc());
            clock.Refresh(after.Schedule, events, new HashSet<int>(), now.ToDateTimeUtc());

            var fresh = SlaClock.Read(after.Schedule, events, now);
            var context = $"seed {seed}: before {before}, after {after}\n events [{string.Join("; ", events)}] now {now}";
            Assert.True((long)fresh.Elapsed.TotalSeconds == clock.ElapsedSeconds, $"{context}\n elapsed {fresh.Elapsed} vs {clock.ElapsedSeconds} s");
            Assert.True(fresh.Breached == clock.Breached, context);
            Assert.True((fresh.Status == ClockStatus.Running ? fresh.Due?.ToDateTimeUtc() : null) == clock.DueAt, $"{context}\n due {fresh.Due} vs {clock.DueAt:o}");
            // And the new calendar's minute-by-minute reference agrees.
            var counted = 0;
            for (var t = events[0].At; t < now; t += Minute)
            {
                var last = events.Last(e => e.At <= t);
                if (last.Kind is ClockEventKind.Started or ClockEventKind.Resumed && after.Working(t))
                {
                    counted++;
                }
            }

            Assert.True(counted * 60L == clock.ElapsedSeconds, $"{context}\n reference {counted} min vs {clock.ElapsedSeconds} s");
        }
    }

    private static ClockRecord NewClock(int target, Instant start, IReadOnlyList<int> thresholds) =>
        ClockRecord.Start(new ClockSubject("Incident", Guid.NewGuid(), "INC-1", Guid.NewGuid(), null, 1), ClockMetric.Resolution, Guid.NewGuid(), 1, Guid.NewGuid(),
            thresholds, target, start.ToDateTimeUtc());
}
