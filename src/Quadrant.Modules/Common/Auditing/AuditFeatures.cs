using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Common.Auditing;

public sealed record AuditEntryView(
    long Sequence,
    Guid Id,
    DateTime OccurredAt,
    Guid? ActorId,
    string ActorName,
    string RecordType,
    string RecordId,
    AuditAction Action,
    IReadOnlyList<FieldChange> Changes,
    string PreviousHash,
    string Hash);

public sealed record ListAuditQuery(string? RecordType = null, string? RecordId = null, string? Limit = null, string? Sort = null, string? Cursor = null);

/// <summary>
/// The whole log is for auditors (Auditor, SmsManager, Admin). One record's history (recordType + recordId)
/// is also shown on that record's page to anyone who may open the page.
/// </summary>
internal sealed class ListAuditHandler(QuadrantDbContext db, ActorContext actor)
{
    internal static readonly Keyset<AuditEntry> Keyset = new Keyset<AuditEntry>(e => e.Id, "sequence")
        .Sort("sequence", e => e.Sequence);

    public async Task<Outcome<Page<AuditEntryView>>> Handle(ListAuditQuery query, CancellationToken ct)
    {
        var check = new Check().MaxLength("recordType", query.RecordType, 100).MaxLength("recordId", query.RecordId, 200);
        if (!string.IsNullOrEmpty(query.RecordId) && string.IsNullOrEmpty(query.RecordType))
        {
            check.Add("recordType", "'recordType' is required with 'recordId'.");
        }

        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var oneRecord = !string.IsNullOrEmpty(query.RecordType) && !string.IsNullOrEmpty(query.RecordId);
        if (!(oneRecord ? actor.IsAuthenticated : actor.IsInAnyRole(Policies.AuditReaders)))
        {
            return Problem.Forbidden("Reading the audit trail needs the Auditor, SmsManager or Admin role.");
        }

        var entries = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrEmpty(query.RecordType))
        {
            entries = entries.Where(e => e.RecordType == query.RecordType);
        }

        if (!string.IsNullOrEmpty(query.RecordId))
        {
            var recordId = Guid.TryParse(query.RecordId, out var g) ? g.ToString("D") : query.RecordId;
            entries = entries.Where(e => e.RecordId == recordId);
        }

        return await Keyset.ToPageAsync(entries, page.Value!, ToView, ct);
    }

    internal static AuditEntryView ToView(AuditEntry e) =>
        new(e.Sequence, e.Id, e.OccurredAt, e.ActorId, e.ActorName, e.RecordType, e.RecordId, e.Action,
            AuditCollector.Deserialize(e.Changes), e.PreviousHash, e.Hash);
}

internal sealed class VerifyAuditHandler(QuadrantDbContext db, ActorContext actor)
{
    public async Task<Outcome<AuditVerification>> Handle(CancellationToken ct) =>
        actor.IsInAnyRole(Policies.AuditReaders)
            ? await AuditChain.VerifyAsync(db, ct)
            : Problem.Forbidden("Verifying the audit trail needs the Auditor, SmsManager or Admin role.");
}

internal static class AuditEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/audit", async ([AsParameters] ListAuditQuery query, ListAuditHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.AuditRead)
            .WithName("ListAuditEntries")
            .WithTags("Audit")
            .WithSummary("List audit entries, optionally of one record (recordType + recordId)")
            .WithDescription("Record types: Service, ServiceOffering, Customer, BusinessCalendar, User (including its role grants), Role, ApiToken. sort: sequence or -sequence.")
            .Produces<Page<AuditEntryView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/audit/verify", async (VerifyAuditHandler handler, CancellationToken ct) => (await handler.Handle(ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.AuditRead)
            .WithName("VerifyAuditChain")
            .WithTags("Audit")
            .WithSummary("Recompute the audit hash chain and report the first broken entry, if any")
            .Produces<AuditVerification>();
    }
}
