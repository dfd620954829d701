using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.ListAgreements;

public sealed record ListAgreementsQuery(
    string? Kind = null,
    string? Status = null,
    string? ServiceId = null,
    string? CustomerId = null,
    string? ReviewDue = null,
    string? Search = null,
    string? Limit = null,
    string? Sort = null,
    string? Cursor = null);

public sealed record AgreementSummary(
    Guid Id,
    string Name,
    AgreementKind Kind,
    AgreementStatus Status,
    string Party,
    DateOnly ValidFrom,
    DateOnly? ValidUntil,
    DateOnly? ReviewDate,
    int? RevisionInForce,
    bool HasUnapprovedChanges,
    int Services,
    int Customers,
    DateTime UpdatedAt,
    int Version);

internal sealed class ListAgreementsHandler(QuadrantDbContext db, TimeProvider time)
{
    internal static readonly Keyset<Agreement> Keyset = new Keyset<Agreement>(a => a.Id, "name")
        .Sort("name", a => a.Name)
        .Sort("updatedAt", a => a.UpdatedAt);

    public async Task<Outcome<Page<AgreementSummary>>> Handle(ListAgreementsQuery query, CancellationToken ct)
    {
        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var check = new Check().MaxLength("search", query.Search, 200);
        var kinds = check.Enums<AgreementKind>(query.Kind, "kind");
        var statuses = check.Enums<AgreementStatus>(query.Status, "status");
        var serviceId = check.Id(query.ServiceId, "serviceId");
        var customerId = check.Id(query.CustomerId, "customerId");
        var reviewDue = check.Flag(query.ReviewDue, "reviewDue") ?? false;

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var agreements = db.Set<Agreement>().AsNoTracking();
        if (kinds.Count > 0)
        {
            agreements = agreements.Where(a => kinds.Contains(a.Kind));
        }

        if (statuses.Count > 0)
        {
            agreements = agreements.Where(a => statuses.Contains(a.Status));
        }

        if (serviceId is { } sid)
        {
            agreements = agreements.Where(a => db.Set<AgreementService>().Any(x => x.AgreementId == a.Id && x.ServiceId == sid));
        }

        if (customerId is { } cid)
        {
            agreements = agreements.Where(a => db.Set<AgreementCustomer>().Any(x => x.AgreementId == a.Id && x.CustomerId == cid));
        }

        if (reviewDue)
        {
            var today = DateOnly.FromDateTime(time.UtcNow());
            agreements = agreements.Where(a => a.Status != AgreementStatus.Retired && a.ReviewDate != null && a.ReviewDate <= today);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim().ToUpperInvariant();
            agreements = agreements.Where(a => a.Name.ToUpper().Contains(text) || a.Party.ToUpper().Contains(text));
        }

        var result = await Keyset.ToPageAsync(agreements, page.Value!, a => a, ct);
        var ids = result.Items.Select(a => a.Id).ToList();
        var services = await db.Set<AgreementService>().Where(x => ids.Contains(x.AgreementId)).GroupBy(x => x.AgreementId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var customers = await db.Set<AgreementCustomer>().Where(x => ids.Contains(x.AgreementId)).GroupBy(x => x.AgreementId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new Page<AgreementSummary>(
            result.Items.Select(a => new AgreementSummary(a.Id, a.Name, a.Kind, a.Status, a.Party, a.ValidFrom, a.ValidUntil, a.ReviewDate,
                a.RevisionInForce, a.HasUnapprovedChanges, services.GetValueOrDefault(a.Id), customers.GetValueOrDefault(a.Id), a.UpdatedAt, a.Version)).ToList(),
            result.NextCursor, result.Limit, result.Sort);
    }
}

internal static class ListAgreementsEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/agreements", async ([AsParameters] ListAgreementsQuery query, ListAgreementsHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.Staff)
            .WithName("ListAgreements")
            .WithTags("Agreements")
            .WithSummary("List agreements (filters: kind, status, serviceId, customerId, reviewDue=true, search; sort: name, updatedAt)")
            .Produces<Page<AgreementSummary>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
