using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Catalogue.Sla;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.ListClocks;

public sealed record ListClocksQuery(
    string? Status = null,
    string? Metric = null,
    string? AgreementId = null,
    string? ServiceId = null,
    string? CustomerId = null,
    string? RecordType = null,
    string? Breached = null,
    string? DueBefore = null,
    string? Limit = null,
    string? Sort = null,
    string? Cursor = null);

/// <summary>
/// Clocks as last derived (the crossing job and every change keep these columns current; a
/// clock's own page reads it live). Sort "dueAt" puts the soonest due first: the "breaching soon" queue.
/// </summary>
internal sealed class ListClocksHandler(QuadrantDbContext db, ActorContext actor)
{
    internal static readonly Keyset<ClockRecord> Keyset = new Keyset<ClockRecord>(c => c.Id, "-startedAt")
        .Sort("startedAt", c => c.StartedAt)
        .Sort("dueAt", c => c.DueSort);

    public async Task<Outcome<Page<ClockState>>> Handle(ListClocksQuery query, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.SlaReaders))
        {
            return Problem.Forbidden("SLA clocks across records are for service staff; requesters see their own records.");
        }

        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var check = new Check().MaxLength("recordType", query.RecordType, ClockRecord.MaxRecordType);
        var statuses = check.Enums<ClockStatus>(query.Status, "status");
        var metrics = check.Enums<ClockMetric>(query.Metric, "metric");
        var agreementId = check.Id(query.AgreementId, "agreementId");
        var serviceId = check.Id(query.ServiceId, "serviceId");
        var customerId = check.Id(query.CustomerId, "customerId");
        var breached = check.Flag(query.Breached, "breached");
        DateTime? dueBefore = null;
        if (!string.IsNullOrWhiteSpace(query.DueBefore))
        {
            if (DateTimeOffset.TryParse(query.DueBefore, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var d))
            {
                dueBefore = d.UtcDateTime;
            }
            else
            {
                check.Add("dueBefore", "'dueBefore' must be an instant such as 2026-11-24T17:00:00Z.");
            }
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var clocks = db.Set<ClockRecord>().AsNoTracking();
        if (statuses.Count > 0)
        {
            clocks = clocks.Where(c => statuses.Contains(c.Status));
        }

        if (metrics.Count > 0)
        {
            clocks = clocks.Where(c => metrics.Contains(c.Metric));
        }

        if (agreementId is { } a)
        {
            clocks = clocks.Where(c => c.AgreementId == a);
        }

        if (serviceId is { } s)
        {
            clocks = clocks.Where(c => c.ServiceId == s);
        }

        if (customerId is { } cu)
        {
            clocks = clocks.Where(c => c.CustomerId == cu);
        }

        if (!string.IsNullOrWhiteSpace(query.RecordType))
        {
            var type = query.RecordType.Trim();
            clocks = clocks.Where(c => c.RecordType == type);
        }

        if (breached is { } br)
        {
            clocks = clocks.Where(c => c.Breached == br);
        }

        if (dueBefore is { } due)
        {
            clocks = clocks.Where(c => c.DueSort < due);
        }

        var result = await Keyset.ToPageAsync(clocks, page.Value!, c => c, ct);
        var ids = result.Items.Select(c => c.AgreementId).Distinct().ToList();
        var names = await db.Set<Agreement>().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        return new Page<ClockState>(result.Items.Select(c => SlaClockService.ToState(c, names.GetValueOrDefault(c.AgreementId, ""))).ToList(),
            result.NextCursor, result.Limit, result.Sort);
    }
}

internal static class ListClocksEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/sla-clocks", async ([AsParameters] ListClocksQuery query, ListClocksHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.SlaRead)
            .WithName("ListClocks")
            .WithTags("SLA clocks")
            .WithSummary("List clocks (filters: status, metric, agreementId, serviceId, customerId, recordType, breached, dueBefore; sort: startedAt, dueAt)")
            .Produces<Page<ClockState>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
