using NodaTime;
using Quadrant.Modules.Catalogue.Domain.Calendars;

namespace Quadrant.Modules.Catalogue.Domain.Clocks;

public enum ClockEventKind
{
    /// <summary>The clock starts running with a target.</summary>
    Started = 1,

    /// <summary>The clock stops counting (with a reason, e.g. awaiting customer).</summary>
    Paused = 2,

    /// <summary>The clock counts again.</summary>
    Resumed = 3,

    /// <summary>The target changes (e.g. the priority changed); it applies to the whole measurement.</summary>
    TargetChanged = 4,

    /// <summary>The measurement ends (e.g. resolved). Final unless reopened.</summary>
    Stopped = 5,

    /// <summary>A stopped clock runs again (e.g. a resolved incident reopened); time counted before the stop still counts.</summary>
    Reopened = 6,
}

/// <summary>One entry of a clock's history. <c>Target</c> is set on Started and TargetChanged.</summary>
public sealed record ClockEvent(ClockEventKind Kind, Instant At, Duration? Target = null, string? Reason = null);

public enum ClockStatus
{
    Running = 1,
    Paused = 2,
    Stopped = 3,
}

/// <summary>
/// What a clock's history means at a given moment. Everything is derived from the events and the
/// calendar, never kept as a counter, so it can be recomputed exactly after a calendar or target change.
/// </summary>
/// <param name="Elapsed">Business time counted while running, up to now (or the stop).</param>
/// <param name="Due">When the target is (or was) reached if the clock keeps running; null while paused or stopped before reaching it.</param>
/// <param name="Remaining">Target minus elapsed; negative when overdue.</param>
/// <param name="Breached">Elapsed exceeds the target.</param>
/// <param name="BreachedAt">The instant elapsed reached the target, when breached.</param>
public sealed record ClockReading(
    ClockStatus Status,
    Duration Target,
    Duration Elapsed,
    Instant? Due,
    Duration Remaining,
    bool Breached,
    Instant? BreachedAt,
    string? PauseReason);

public static class SlaClock
{
    /// <summary>Checks a history: it starts with Started, is in time order, and pauses/resumes/stops make sense.</summary>
    public static string? Problem(IReadOnlyList<ClockEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || events[0].Kind != ClockEventKind.Started)
        {
            return "A clock's history starts with Started.";
        }

        var status = ClockStatus.Running;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (i > 0 && e.At < events[i - 1].At)
            {
                return $"Event {i} ({e.Kind}) is earlier than the event before it.";
            }

            if ((e.Kind is ClockEventKind.Started or ClockEventKind.TargetChanged) && (e.Target is not { } t || t <= Duration.Zero))
            {
                return $"Event {i} ({e.Kind}) needs a positive target.";
            }

            if (i > 0 && status == ClockStatus.Stopped && e.Kind != ClockEventKind.Reopened)
            {
                return $"Event {i} ({e.Kind}) comes after the clock stopped.";
            }

            switch (e.Kind)
            {
                case ClockEventKind.Started when i > 0:
                    return $"Event {i}: a clock starts once.";
                case ClockEventKind.Paused when status != ClockStatus.Running:
                    return $"Event {i}: only a running clock can pause.";
                case ClockEventKind.Resumed when status != ClockStatus.Paused:
                    return $"Event {i}: only a paused clock can resume.";
                case ClockEventKind.Reopened when status != ClockStatus.Stopped:
                    return $"Event {i}: only a stopped clock can be reopened.";
                case ClockEventKind.Reopened:
                    status = ClockStatus.Running;
                    break;
                case ClockEventKind.Paused:
                    status = ClockStatus.Paused;
                    break;
                case ClockEventKind.Resumed:
                    status = ClockStatus.Running;
                    break;
                case ClockEventKind.Stopped:
                    status = ClockStatus.Stopped;
                    break;
            }
        }

        return null;
    }

    /// <summary>Reads the clock at <paramref name="now"/>; events after <paramref name="now"/> are ignored.</summary>
    public static ClockReading Read(WorkSchedule schedule, IReadOnlyList<ClockEvent> events, Instant now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (Problem(events) is { } problem)
        {
            throw new ArgumentException(problem, nameof(events));
        }

        var happened = events.Where(e => e.At <= now).ToList();
        if (happened.Count == 0)
        {
            throw new ArgumentException("The clock has not started at that moment.", nameof(now));
        }

        // The latest target governs the whole measurement.
        var target = happened.Last(e => e.Target is not null).Target!.Value;

        // Running periods: [Started|Resumed, Paused|Stopped|now).
        var periods = new List<(Instant Start, Instant End)>();
        Instant? runningSince = null;
        var status = ClockStatus.Running;
        string? pauseReason = null;
        foreach (var e in happened)
        {
            switch (e.Kind)
            {
                case ClockEventKind.Started:
                case ClockEventKind.Resumed:
                case ClockEventKind.Reopened:
                    runningSince = e.At;
                    status = ClockStatus.Running;
                    pauseReason = null;
                    break;
                case ClockEventKind.Paused:
                case ClockEventKind.Stopped:
                    // Stopping a paused clock (resolved while pending) closes no running period.
                    if (runningSince is { } running)
                    {
                        periods.Add((running, e.At));
                    }

                    runningSince = null;
                    status = e.Kind == ClockEventKind.Paused ? ClockStatus.Paused : ClockStatus.Stopped;
                    pauseReason = e.Kind == ClockEventKind.Paused ? e.Reason : null;
                    break;
            }
        }

        if (runningSince is { } since)
        {
            periods.Add((since, now));
        }

        var elapsed = Duration.Zero;
        Instant? reachedAt = null;
        foreach (var (start, end) in periods)
        {
            var inPeriod = BusinessTime.Elapsed(schedule, start, end);
            if (reachedAt is null && elapsed + inPeriod >= target)
            {
                reachedAt = BusinessTime.Add(schedule, start, target - elapsed);
            }

            elapsed += inPeriod;
        }

        var breached = elapsed > target;
        Instant? due = reachedAt;
        if (due is null && status == ClockStatus.Running)
        {
            due = BusinessTime.Add(schedule, now, target - elapsed);
        }

        return new ClockReading(status, target, elapsed, due, target - elapsed, breached, breached ? reachedAt : null, pauseReason);
    }

    /// <summary>
    /// The instant at which the clock's counted business time reaches <paramref name="amount"/>: in the
    /// past if it already did, projected from <paramref name="now"/> if the clock is running, and null
    /// if it is paused or stopped short of it. Used for warning thresholds (e.g. 75 % of the target).
    /// </summary>
    public static Instant? Reach(WorkSchedule schedule, IReadOnlyList<ClockEvent> events, Instant now, Duration amount)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(events);
        var elapsed = Duration.Zero;
        Instant? runningSince = null;
        foreach (var e in events)
        {
            if (e.At > now)
            {
                break;
            }

            switch (e.Kind)
            {
                case ClockEventKind.Started:
                case ClockEventKind.Resumed:
                case ClockEventKind.Reopened:
                    runningSince = e.At;
                    break;
                case ClockEventKind.Paused:
                case ClockEventKind.Stopped:
                    if (runningSince is { } start)
                    {
                        var inPeriod = BusinessTime.Elapsed(schedule, start, e.At);
                        if (elapsed + inPeriod >= amount)
                        {
                            return BusinessTime.Add(schedule, start, amount - elapsed);
                        }

                        elapsed += inPeriod;
                    }

                    runningSince = null;
                    break;
            }
        }

        return runningSince is { } since ? BusinessTime.Add(schedule, since, amount - elapsed) : null;
    }
}
