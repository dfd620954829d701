using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue.Sla;

/// <summary>
/// Work schedules by calendar id and version, shared by every request and job of the process. A
/// schedule caches its working ranges per month, so reusing one instance is what makes readings fast;
/// an edited calendar has a new version and therefore a new schedule.
/// </summary>
internal sealed class ScheduleCache
{
    private readonly ConcurrentDictionary<Guid, (int Version, WorkSchedule Schedule)> schedules = new();

    public async Task<WorkSchedule> GetAsync(QuadrantDbContext db, Guid calendarId, CancellationToken ct) =>
        (await GetManyAsync(db, [calendarId], ct))[calendarId];

    public async Task<IReadOnlyDictionary<Guid, WorkSchedule>> GetManyAsync(QuadrantDbContext db, IEnumerable<Guid> calendarIds, CancellationToken ct)
    {
        var ids = calendarIds.Distinct().ToList();
        var versions = await db.Set<BusinessCalendar>().AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Version }).ToListAsync(ct);
        var result = new Dictionary<Guid, WorkSchedule>();
        foreach (var v in versions)
        {
            if (schedules.TryGetValue(v.Id, out var cached) && cached.Version == v.Version)
            {
                result[v.Id] = cached.Schedule;
                continue;
            }

            var calendar = await db.Set<BusinessCalendar>().AsNoTracking().FirstAsync(c => c.Id == v.Id, ct);
            var schedule = calendar.Schedule();
            schedules[v.Id] = (calendar.Version, schedule);
            result[v.Id] = schedule;
        }

        var missing = ids.FirstOrDefault(id => !result.ContainsKey(id));
        return missing == Guid.Empty || result.Count == ids.Count
            ? result
            : throw new InvalidOperationException($"Business calendar {missing} does not exist.");
    }
}

/// <summary>Queues the recomputation of open clocks after a calendar's working time changed.</summary>
internal static class CalendarChanges
{
    public static string Fingerprint(BusinessCalendar c) => $"{c.TimeZone}|{c.Week}|{c.Holidays}|{c.Exceptions}";

    /// <summary>Adds a queued run (saved with the caller's change) when the rules changed and open clocks use the calendar.</summary>
    public static async Task EnqueueIfChangedAsync(QuadrantDbContext db, BusinessCalendar calendar, string before, Guid? by, DateTime now, CancellationToken ct)
    {
        if (Fingerprint(calendar) == before)
        {
            return;
        }

        if (await db.Set<Domain.Clocks.ClockRecord>().AnyAsync(c => c.CalendarId == calendar.Id && c.Status != Domain.Clocks.ClockStatus.Stopped, ct))
        {
            db.Add(Domain.Clocks.ClockRecomputation.ForCalendar(calendar.Id, $"Calendar '{calendar.Name}' changed", by, now));
        }
    }
}
