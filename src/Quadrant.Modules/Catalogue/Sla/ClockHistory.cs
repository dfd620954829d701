using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue.Sla;

/// <summary>A record's clock events and crossings, merged oldest first (for the record's timeline).</summary>
internal sealed class ClockHistory(QuadrantDbContext db) : ISlaClockHistory
{
    public async Task<IReadOnlyList<ClockHistoryEntry>> HistoryAsync(string recordType, Guid recordId, CancellationToken ct)
    {
        var clocks = await db.Set<ClockRecord>().AsNoTracking().Where(c => c.RecordType == recordType && c.RecordId == recordId)
            .Select(c => new { c.Id, c.Metric }).ToListAsync(ct);
        if (clocks.Count == 0)
        {
            return [];
        }

        var ids = clocks.Select(c => c.Id).ToList();
        var metric = clocks.ToDictionary(c => c.Id, c => c.Metric);
        var events = await db.Set<ClockEventRecord>().AsNoTracking().Where(e => ids.Contains(e.ClockId)).ToListAsync(ct);
        var crossings = await db.Set<ClockCrossing>().AsNoTracking().Where(c => ids.Contains(c.ClockId)).ToListAsync(ct);
        return events.Select(e => new ClockHistoryEntry(e.ClockId, metric[e.ClockId], JsonNamingPolicy.CamelCase.ConvertName(e.Kind.ToString()), e.At, e.Reason, null, e.TargetMinutes))
            .Concat(crossings.Select(c => new ClockHistoryEntry(c.ClockId, metric[c.ClockId], c.Percent == 100 ? "breached" : "warning", c.CrossedAt, null, c.Percent, null)))
            .OrderBy(e => e.At).ThenBy(e => e.Percent ?? 0).ToList();
    }
}
