using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Catalogue.Sla;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Catalogue.Features.GetClock;

public sealed record ClockTimelineEntry(int Sequence, ClockEventKind Kind, DateTime At, int? TargetMinutes, string? Reason, Guid? ById, DateTime RecordedAt);

/// <summary>A stretch between two events: running (business minutes counted) or paused (not counted).</summary>
public sealed record ClockSegment(DateTime From, DateTime To, bool Running, double BusinessMinutes, string? Reason, bool Ongoing);

public sealed record ClockCrossingView(int Percent, DateTime CrossedAt, DateTime DetectedAt, bool Notified);

public sealed record ClockDetail(
    ClockState Clock,
    Guid CalendarId,
    string CalendarName,
    string TimeZone,
    IReadOnlyList<int> Thresholds,
    IReadOnlyList<ClockTimelineEntry> Events,
    IReadOnlyList<ClockSegment> Segments,
    IReadOnlyList<ClockCrossingView> Crossings,
    IReadOnlyList<string> Explanation);

/// <summary>One clock with the history that explains it: events, running and paused stretches, crossings, and a plain-language account.</summary>
internal sealed class GetClockHandler(QuadrantDbContext db, ScheduleCache schedules, ISlaClocks clocks, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<ClockDetail>> Handle(Guid id, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.SlaReaders))
        {
            return Problem.Forbidden("SLA clocks across records are for service staff; requesters see their own records.");
        }

        var clock = await db.Set<ClockRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (clock is null)
        {
            return Problem.NotFound("SLA clock", id);
        }

        var now = time.UtcNow();
        var rows = await db.Set<ClockEventRecord>().AsNoTracking().Where(e => e.ClockId == id).OrderBy(e => e.Sequence).ToListAsync(ct);
        var events = rows.Select(r => r.ToEvent()).ToList();
        var calendar = await db.Set<BusinessCalendar>().AsNoTracking().Where(c => c.Id == clock.CalendarId)
            .Select(c => new { c.Name, c.TimeZone }).FirstAsync(ct);
        var schedule = await schedules.GetAsync(db, clock.CalendarId, ct);
        var crossings = await db.Set<ClockCrossing>().AsNoTracking().Where(c => c.ClockId == id).OrderBy(c => c.Percent)
            .Select(c => new ClockCrossingView(c.Percent, c.CrossedAt, c.DetectedAt, c.Notified)).ToListAsync(ct);
        clock.Refresh(schedule, events, crossings.Select(c => c.Percent).ToHashSet(), now);
        var agreement = await db.Set<Agreement>().Where(a => a.Id == clock.AgreementId).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? "";
        var state = SlaClockService.ToState(clock, agreement);

        var segments = new List<ClockSegment>();
        for (var i = 0; i < rows.Count; i++)
        {
            var e = rows[i];
            if (e.Kind == ClockEventKind.Stopped && !rows.Skip(i + 1).Any(r => r.Kind == ClockEventKind.Reopened))
            {
                break;
            }

            // A target change does not start a new stretch: it continues the one before.
            if (e.Kind == ClockEventKind.TargetChanged && segments.Count > 0)
            {
                continue;
            }

            var nextIndex = rows.FindIndex(i + 1, r => r.Kind != ClockEventKind.TargetChanged);
            var to = nextIndex >= 0 ? rows[nextIndex].At : now;
            var running = e.Kind is ClockEventKind.Started or ClockEventKind.Resumed or ClockEventKind.Reopened or ClockEventKind.TargetChanged;
            var business = BusinessTime.Elapsed(schedule, ClockTime.ToInstant(e.At), ClockTime.ToInstant(to < e.At ? e.At : to));
            var reason = running ? null : e.Kind == ClockEventKind.Stopped ? "stopped until reopened" : e.Reason;
            segments.Add(new ClockSegment(Utc(e.At), Utc(to), running, Math.Round(business.TotalMinutes, 2), reason, nextIndex < 0));
        }

        var zone = schedule.Zone;
        var explanation = Explain(state, rows, segments, crossings, zone);
        return new ClockDetail(state, clock.CalendarId, calendar.Name, calendar.TimeZone, clock.ThresholdList(),
            rows.Select(r => new ClockTimelineEntry(r.Sequence, r.Kind, Utc(r.At), r.TargetMinutes, r.Reason, r.ById, Utc(r.RecordedAt))).ToList(),
            segments, crossings, explanation);
    }

    public async Task<Outcome<IReadOnlyList<ClockState>>> ForRecord(string recordType, Guid recordId, CancellationToken ct) =>
        actor.IsInAnyRole(Policies.SlaReaders)
            ? Outcome<IReadOnlyList<ClockState>>.Success(await clocks.ReadAsync(recordType, recordId, time.UtcNow(), ct))
            : Problem.Forbidden("SLA clocks across records are for service staff; requesters see their own records.");

    private static DateTime Utc(DateTime d) => DateTime.SpecifyKind(d, DateTimeKind.Utc);

    private static string Local(DateTime utc, DateTimeZone zone) =>
        ClockTime.ToInstant(utc).InZone(zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Minutes(double minutes)
    {
        var span = TimeSpan.FromMinutes(Math.Abs(minutes));
        var text = span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{Math.Round(span.TotalMinutes, 1)} min";
        return minutes < 0 ? "-" + text : text;
    }

    private static List<string> Explain(ClockState state, List<ClockEventRecord> rows, List<ClockSegment> segments, List<ClockCrossingView> crossings, DateTimeZone zone)
    {
        var lines = new List<string>();
        var first = rows[0];
        lines.Add($"Started {Local(first.At, zone)} ({zone.Id}) with a target of {first.TargetMinutes} business minutes: {first.Reason}.");
        foreach (var s in segments)
        {
            var wall = (s.To - s.From).TotalMinutes;
            lines.Add(s.Running
                ? $"Ran from {Local(s.From, zone)} to {(s.Ongoing ? "now" : Local(s.To, zone))}: {Minutes(s.BusinessMinutes)} of business time counted (of {Minutes(wall)} on the wall clock)."
                : $"Paused from {Local(s.From, zone)} to {(s.Ongoing ? "now" : Local(s.To, zone))} ({s.Reason}): {Minutes(s.BusinessMinutes)} of business time not counted.");
        }

        foreach (var t in rows.Where(r => r.Kind == ClockEventKind.TargetChanged))
        {
            lines.Add($"Target changed to {t.TargetMinutes} business minutes at {Local(t.At, zone)} ({t.Reason}); it applies to the whole measurement.");
        }

        foreach (var c in crossings)
        {
            lines.Add(c.Percent == 100
                ? $"Breached at {Local(c.CrossedAt, zone)}."
                : $"{c.Percent} % of the target used at {Local(c.CrossedAt, zone)}{(c.Notified ? "; warning sent" : "")}.");
        }

        lines.Add(state.Status switch
        {
            "Stopped" => $"Stopped {Local(state.StoppedAt!.Value, zone)} after {Minutes(state.ElapsedMinutes)} of business time: {(state.Breached ? "target missed" : "target met")}.",
            "Paused" => $"Paused now ({state.PauseReason}); {Minutes(state.RemainingMinutes)} of business time remain.",
            _ => state.Breached
                ? $"Running and breached: {Minutes(-state.RemainingMinutes)} over the target."
                : $"Running: {Minutes(state.RemainingMinutes)} of business time remain; due {Local(state.DueAt!.Value, zone)}.",
        });
        return lines;
    }
}

internal static class GetClockEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/sla-clocks/{id:guid}", async (Guid id, GetClockHandler handler, CancellationToken ct) => (await handler.Handle(id, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.SlaRead)
            .WithName("GetClock")
            .WithTags("SLA clocks")
            .WithSummary("One clock read now, with its events, running/paused stretches, crossings and a plain-language explanation")
            .Produces<ClockDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/sla-clocks/records/{recordType}/{recordId:guid}", async (string recordType, Guid recordId, GetClockHandler handler, CancellationToken ct) =>
                (await handler.ForRecord(recordType, recordId, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.SlaRead)
            .WithName("GetRecordClocks")
            .WithTags("SLA clocks")
            .WithSummary("A record's clocks read now (empty when it has none)")
            .Produces<IReadOnlyList<ClockState>>();
    }
}
