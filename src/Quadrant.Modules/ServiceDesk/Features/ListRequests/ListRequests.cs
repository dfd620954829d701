using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Domain.Requests;
using Quadrant.Modules.ServiceDesk.Features.RequestShared;

namespace Quadrant.Modules.ServiceDesk.Features.ListRequests;

public sealed record ListRequestsQuery(
    string? Status = null,
    string? Priority = null,
    string? ItemId = null,
    string? ServiceId = null,
    string? RequestedForId = null,
    string? Open = null,
    string? Search = null,
    string? Limit = null,
    string? Sort = null,
    string? Cursor = null);

public sealed record RequestSummary(
    Guid Id, string Reference, string Title, Guid ItemId, Guid ServiceId, string? ServiceName, Guid RequestedForId, string? RequestedForName, int Priority,
    RequestStatus Status, int TasksDone, int TasksTotal, DateTime? DueAt, DateTime CreatedAt, DateTime UpdatedAt, int Version);

/// <summary>Requests, paged. Staff see all; anyone else the requests raised by or for them (and those they approve).</summary>
internal sealed class ListRequestsHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ActorContext actor)
{
    internal static readonly Keyset<ServiceRequest> Keyset = new Keyset<ServiceRequest>(r => r.Id, "-createdAt")
        .Sort("createdAt", r => r.CreatedAt)
        .Sort("updatedAt", r => r.UpdatedAt)
        .Sort("priority", r => r.Priority);

    private static readonly RequestStatus[] OpenStatuses =
        [RequestStatus.Submitted, RequestStatus.AwaitingApproval, RequestStatus.Approved, RequestStatus.InFulfilment];

    public async Task<Outcome<Page<RequestSummary>>> Handle(ListRequestsQuery query, CancellationToken ct)
    {
        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var check = new Check().MaxLength("search", query.Search, 200);
        var statuses = check.Enums<RequestStatus>(query.Status, "status");
        var priorities = check.Numbers(query.Priority, "priority", 1, PriorityMatrix.MaxPriority, "priorities");
        var itemId = check.Id(query.ItemId, "itemId", "a request item id");
        var serviceId = check.Id(query.ServiceId, "serviceId", "a service id");
        var forId = query.RequestedForId is "me" ? actor.UserId : check.Id(query.RequestedForId, "requestedForId", "a user id or 'me'");
        var open = check.Flag(query.Open, "open");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var requests = RequestViews.Visible(db, actor).AsNoTracking();
        if (statuses.Count > 0)
        {
            requests = requests.Where(r => statuses.Contains(r.Status));
        }

        if (open is { } o)
        {
            requests = o ? requests.Where(r => OpenStatuses.Contains(r.Status)) : requests.Where(r => !OpenStatuses.Contains(r.Status));
        }

        if (priorities.Count > 0)
        {
            requests = requests.Where(r => priorities.Contains(r.Priority));
        }

        if (itemId is { } iid)
        {
            requests = requests.Where(r => r.ItemId == iid);
        }

        if (serviceId is { } sid)
        {
            requests = requests.Where(r => r.ServiceId == sid);
        }

        if (forId is { } fid)
        {
            requests = requests.Where(r => r.RequestedForId == fid);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var upper = query.Search.Trim().ToUpperInvariant();
            long? number = upper.StartsWith("REQ-", StringComparison.Ordinal) && long.TryParse(upper[4..], out var n) ? n : null;
            requests = requests.Where(r => r.Title.ToUpper().Contains(upper) || r.Number == number);
        }

        var result = await Keyset.ToPageAsync(requests, page.Value!, r => r, ct);
        var ids = result.Items.Select(r => r.Id).ToList();
        var progress = await db.Set<RequestTask>().AsNoTracking().Where(t => ids.Contains(t.RequestId))
            .GroupBy(t => t.RequestId)
            .Select(g => new { g.Key, Done = g.Count(t => t.Status == RequestTaskStatus.Done || t.Status == RequestTaskStatus.Cancelled), Total = g.Count() })
            .ToDictionaryAsync(x => x.Key, ct);
        var names = await catalogue.NamesAsync(result.Items.Select(r => r.ServiceId).Distinct(), ct);
        var people = await users.FindManyAsync(result.Items.Select(r => r.RequestedForId).Distinct(), ct);
        return new Page<RequestSummary>(result.Items.Select(r => new RequestSummary(r.Id, r.Reference, r.Title, r.ItemId, r.ServiceId,
                names.GetValueOrDefault(r.ServiceId), r.RequestedForId, people.TryGetValue(r.RequestedForId, out var p) ? p.DisplayName : null, r.Priority, r.Status,
                progress.TryGetValue(r.Id, out var pr) ? pr.Done : 0, progress.TryGetValue(r.Id, out var pt) ? pt.Total : 0, r.DueAt, r.CreatedAt, r.UpdatedAt,
                r.Version)).ToList(),
            result.NextCursor, result.Limit, result.Sort);
    }
}

internal static class ListRequestsEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/requests", async ([AsParameters] ListRequestsQuery query, ListRequestsHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .WithName("ListRequests").WithTags("Requests")
            .WithSummary("List requests (filters: status, open, priority, itemId, serviceId, requestedForId or 'me', search in title or REQ number; sort: createdAt, updatedAt, priority). Requesters see their own.")
            .Produces<Page<RequestSummary>>().ProducesProblem(StatusCodes.Status400BadRequest);
}
