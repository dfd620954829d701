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
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.ListIncidents;

public sealed record ListIncidentsQuery(
    string? Status = null,
    string? Priority = null,
    string? AssigneeId = null,
    string? Unassigned = null,
    string? ServiceId = null,
    string? GroupId = null,
    string? Search = null,
    string? Limit = null,
    string? Sort = null,
    string? Cursor = null,
    string? DueWithin = null,
    string? Major = null);

public sealed record IncidentSummary(
    Guid Id, string Reference, string Title, Guid ServiceId, string? ServiceName, int Priority, IncidentStatus Status, Guid? AssigneeId, string? AssigneeName,
    Guid? AssignmentGroupId, string? AssignmentGroupName, DateTime CreatedAt, DateTime UpdatedAt, int Version,
    DateTime? ResolutionDueAt = null, bool ResolutionBreached = false, bool IsMajor = false);

/// <summary>Incidents, paged. Staff see all; a requester sees only their own. assigneeId=me means the signed-in user.</summary>
internal sealed class ListIncidentsHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    internal static readonly Keyset<Incident> Keyset = new Keyset<Incident>(i => i.Id, "-createdAt")
        .Sort("createdAt", i => i.CreatedAt)
        .Sort("updatedAt", i => i.UpdatedAt)
        .Sort("priority", i => i.Priority)
        .Sort("due", i => i.DueSort);

    /// <summary>The longest "breaching soon" window (dueWithin).</summary>
    public static readonly TimeSpan MaxDueWithin = TimeSpan.FromDays(30);

    /// <summary>The query parameters a saved view may hold.</summary>
    public static readonly string[] ViewKeys = ["status", "priority", "assigneeId", "unassigned", "serviceId", "groupId", "search", "dueWithin", "major", "sort"];

    public async Task<Outcome<Page<IncidentSummary>>> Handle(ListIncidentsQuery query, CancellationToken ct)
    {
        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var check = new Check().MaxLength("search", query.Search, 200);
        var statuses = check.Enums<IncidentStatus>(query.Status, "status");
        var priorities = check.Numbers(query.Priority, "priority", 1, PriorityMatrix.MaxPriority, "priorities");
        Guid? assignee = null;
        if (query.AssigneeId is "me")
        {
            assignee = actor.UserId;
        }
        else if (!string.IsNullOrWhiteSpace(query.AssigneeId))
        {
            if (Guid.TryParse(query.AssigneeId, out var a))
            {
                assignee = a;
            }
            else
            {
                check.Add("assigneeId", "'assigneeId' is a user id or 'me'.");
            }
        }

        var unassigned = check.Flag(query.Unassigned, "unassigned") ?? false;
        var serviceId = check.Id(query.ServiceId, "serviceId", "a service id");
        var myGroups = query.GroupId is "mine";
        var groupId = myGroups ? null : check.Id(query.GroupId, "groupId", "an assignment group id or 'mine'");
        var major = check.Flag(query.Major, "major");
        TimeSpan? dueWithin = null;
        if (!string.IsNullOrWhiteSpace(query.DueWithin))
        {
            try
            {
                dueWithin = System.Xml.XmlConvert.ToTimeSpan(query.DueWithin.Trim());
            }
            catch (FormatException)
            {
                check.Add("dueWithin", "'dueWithin' is an ISO 8601 duration such as PT2H or P1D.");
            }

            check.That(dueWithin is null || (dueWithin > TimeSpan.Zero && dueWithin <= MaxDueWithin), "dueWithin", "'dueWithin' is more than zero and at most 30 days (P30D).");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var incidents = (await IncidentAccess.LoadAsync(db, actor, ct)).Filter(db.Set<Incident>().AsNoTracking());

        if (statuses.Count > 0)
        {
            incidents = incidents.Where(i => statuses.Contains(i.Status));
        }

        if (priorities.Count > 0)
        {
            incidents = incidents.Where(i => priorities.Contains(i.Priority));
        }

        if (assignee is { } who)
        {
            incidents = incidents.Where(i => i.AssigneeId == who);
        }

        if (unassigned)
        {
            incidents = incidents.Where(i => i.AssigneeId == null);
        }

        if (serviceId is { } sid)
        {
            incidents = incidents.Where(i => i.ServiceId == sid);
        }

        if (groupId is { } gid)
        {
            incidents = incidents.Where(i => i.AssignmentGroupId == gid);
        }

        if (myGroups)
        {
            var me = actor.UserId;
            var mine = db.Set<AssignmentGroupMember>().Where(m => m.UserId == me).Select(m => (Guid?)m.GroupId);
            incidents = incidents.Where(i => mine.Contains(i.AssignmentGroupId));
        }

        if (major is { } m)
        {
            incidents = incidents.Where(i => i.IsMajor == m);
        }

        if (dueWithin is { } window)
        {
            // Breaching soon: open, and due within the window or already breached.
            var limit = time.GetUtcNow().UtcDateTime + window;
            incidents = incidents.Where(i => Incident.Open.Contains(i.Status) && (i.DueSort <= limit || i.ResolutionBreached));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            var upper = text.ToUpperInvariant();
            long? number = upper.StartsWith("INC-", StringComparison.Ordinal) && long.TryParse(upper[4..], out var n) ? n : null;
            incidents = incidents.Where(i => i.Title.ToUpper().Contains(upper) || i.Number == number);
        }

        var result = await Keyset.ToPageAsync(incidents, page.Value!, i => i, ct);
        var names = await catalogue.NamesAsync(result.Items.Select(i => i.ServiceId), ct);
        var people = await users.FindManyAsync(result.Items.Select(i => i.AssigneeId).OfType<Guid>(), ct);
        var groupIds = result.Items.Select(i => i.AssignmentGroupId).OfType<Guid>().Distinct().ToList();
        var groups = groupIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Set<AssignmentGroup>().AsNoTracking().Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        return new Page<IncidentSummary>(result.Items.Select(i => new IncidentSummary(i.Id, i.Reference, i.Title, i.ServiceId, names.GetValueOrDefault(i.ServiceId),
                i.Priority, i.Status, i.AssigneeId, i.AssigneeId is { } a && people.TryGetValue(a, out var p) ? p.DisplayName : null, i.AssignmentGroupId,
                i.AssignmentGroupId is { } g && groups.TryGetValue(g, out var gn) ? gn : null,
                i.CreatedAt, i.UpdatedAt, i.Version, i.ResolutionDueAt, i.ResolutionBreached, i.IsMajor)).ToList(),
            result.NextCursor, result.Limit, result.Sort);
    }
}

internal static class ListIncidentsEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/incidents", async ([AsParameters] ListIncidentsQuery query, ListIncidentsHandler handler, CancellationToken ct) =>
                (await handler.Handle(query, ct)).Map(Results.Ok))
            .WithName("ListIncidents")
            .WithTags("Incidents")
            .WithSummary("List incidents (filters: status, priority, assigneeId or 'me', unassigned, serviceId, groupId or 'mine', search in title or INC number, dueWithin (ISO 8601 duration: breaching soon), major; sort: createdAt, updatedAt, priority, due). Requesters see their own.")
            .Produces<Page<IncidentSummary>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
