using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Shared;

/// <summary>
/// Keeps the incident's copy of its resolution clock's due instant and breach (the indexed "by due"
/// columns) in step with the SLA clocks. Written with a set-based UPDATE: a derived copy, so neither
/// the incident's version (ETag) nor its audit trail changes (the clock has its own history).
/// </summary>
internal static class IncidentDue
{
    public static (DateTime? Due, bool Breached) From(IReadOnlyList<ClockState> clocks)
    {
        var resolution = clocks.FirstOrDefault(c => c.Metric == ClockMetric.Resolution);
        return resolution is null ? (null, false) : (resolution.Status == "Stopped" ? null : resolution.DueAt, resolution.Breached);
    }

    public static async Task SyncAsync(QuadrantDbContext db, ISlaClocks clocks, Guid incidentId, DateTime now, CancellationToken ct)
    {
        var (due, breached) = From(await clocks.ReadAsync(IncidentViews.RecordType, incidentId, now, ct));
        await WriteAsync(db, incidentId, due, breached, ct);
    }

    public static Task WriteAsync(QuadrantDbContext db, Guid incidentId, DateTime? due, bool breached, CancellationToken ct)
    {
        var sort = due ?? Incident.NoDue;
        return db.Set<Incident>().Where(i => i.Id == incidentId).ExecuteUpdateAsync(
            s => s.SetProperty(i => i.ResolutionDueAt, due).SetProperty(i => i.DueSort, sort).SetProperty(i => i.ResolutionBreached, breached), ct);
    }
}

/// <summary>The SLA module tells the service desk about recomputed due instants and about crossings (breach flag).</summary>
internal sealed class IncidentClockObserver(QuadrantDbContext db) : ISlaClockDueObserver, ISlaClockObserver
{
    public async Task OnDueChangedAsync(IReadOnlyList<ClockDueChange> changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes.Where(c => c.RecordType == IncidentViews.RecordType && c.Metric == ClockMetric.Resolution))
        {
            await IncidentDue.WriteAsync(db, change.RecordId, change.Status == "Stopped" ? null : change.DueAt, change.Breached, ct);
        }
    }

    public async Task OnCrossingAsync(ClockCrossingNotice notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.RecordType == IncidentViews.RecordType && notice.Metric == ClockMetric.Resolution && notice.Percent == 100)
        {
            await db.Set<Incident>().Where(i => i.Id == notice.RecordId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ResolutionBreached, true), ct);
        }
    }
}
