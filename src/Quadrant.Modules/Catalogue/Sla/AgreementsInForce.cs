using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue.Sla;

internal sealed record AgreementInForce(Guid Id, string Name, AgreementKind Kind, int Revision, DateTime ApprovedAt, AgreementSnapshot Content);

/// <summary>Reads the approved revisions that are in force and picks the agreement for a record.</summary>
internal static class AgreementsInForce
{
    public static async Task<List<AgreementInForce>> LoadAsync(QuadrantDbContext db, CancellationToken ct)
    {
        var rows = await (from a in db.Set<Agreement>().AsNoTracking()
                          join r in db.Set<AgreementRevision>() on new { a.Id, Number = a.RevisionInForce ?? 0 } equals new { Id = r.AgreementId, r.Number }
                          where a.Status == AgreementStatus.Active
                          select new { a.Id, a.Name, a.Kind, r.Number, r.ApprovedAt, r.Content }).ToListAsync(ct);
        return rows.Select(r => new AgreementInForce(r.Id, r.Name, r.Kind, r.Number, r.ApprovedAt, AgreementSnapshot.FromJson(r.Content))).ToList();
    }

    public static async Task<AgreementInForce?> RevisionAsync(QuadrantDbContext db, Guid agreementId, int revision, CancellationToken ct)
    {
        var row = await (from a in db.Set<Agreement>().AsNoTracking()
                         join r in db.Set<AgreementRevision>() on a.Id equals r.AgreementId
                         where a.Id == agreementId && r.Number == revision
                         select new { a.Id, a.Name, a.Kind, r.Number, r.ApprovedAt, r.Content }).FirstOrDefaultAsync(ct);
        return row is null ? null : new AgreementInForce(row.Id, row.Name, row.Kind, row.Number, row.ApprovedAt, AgreementSnapshot.FromJson(row.Content));
    }

    /// <summary>
    /// The SLA for a record: in force and valid on the day, covering the service, and naming the
    /// customer (preferred) or naming no customer at all. Ties go to the alphabetically first name, so
    /// the choice is stable.
    /// </summary>
    public static AgreementInForce? Match(IEnumerable<AgreementInForce> inForce, Guid serviceId, Guid? customerId, DateOnly day) =>
        inForce
            .Where(a => a.Kind == AgreementKind.Sla && a.Content.IsValidOn(day) && a.Content.ServiceIds.Contains(serviceId))
            .Where(a => a.Content.CustomerIds.Count == 0 || (customerId is { } c && a.Content.CustomerIds.Contains(c)))
            .OrderBy(a => a.Content.CustomerIds.Count == 0 ? 1 : 0)
            .ThenBy(a => a.Name, StringComparer.Ordinal)
            .FirstOrDefault();
}
