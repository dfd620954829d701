using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.AssignmentGroups;

public sealed record GroupMemberView(Guid Id, string DisplayName, string Email, bool IsActive);

public sealed record AssignmentGroupView(
    Guid Id, string Name, string Description, string? Email, Guid? ManagerId, string? ManagerName, bool IsActive,
    IReadOnlyList<GroupMemberView> Members, int OpenIncidents, DateTime CreatedAt, DateTime UpdatedAt, int Version);

public sealed record AssignmentGroupRequest(string? Name, string? Description, string? Email, Guid? ManagerId, IReadOnlyList<Guid>? MemberIds, bool? IsActive);

public sealed record ListGroupsQuery(string? Search = null, string? Active = null, string? Mine = null, string? Limit = null, string? Sort = null, string? Cursor = null);

/// <summary>
/// Assignment groups: staff read them (pickers, queues); ProcessOwner, SmsManager or Admin manage them.
/// A name is unique; members and the manager are active users; a group with open incidents can be
/// retired only after they are moved (rule group.open-work).
/// </summary>
internal sealed class AssignmentGroupsHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    internal static readonly Keyset<AssignmentGroup> Keyset = new Keyset<AssignmentGroup>(g => g.Id, "name")
        .Sort("name", g => g.Name)
        .Sort("updatedAt", g => g.UpdatedAt);

    private static readonly IncidentStatus[] Open = [IncidentStatus.New, IncidentStatus.Assigned, IncidentStatus.InProgress, IncidentStatus.Pending];

    public async Task<Outcome<Page<AssignmentGroupView>>> List(ListGroupsQuery query, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.IncidentWorkers))
        {
            return Problem.Forbidden("Assignment groups are for service desk staff.");
        }

        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var check = new Check().MaxLength("search", query.Search, 100);
        var active = check.Flag(query.Active, "active");
        var mine = check.Flag(query.Mine, "mine") ?? false;
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var groups = db.Set<AssignmentGroup>().AsNoTracking().Include(g => g.Members).AsQueryable();
        if (active is { } a)
        {
            groups = groups.Where(g => g.IsActive == a);
        }

        if (mine && actor.UserId is { } me)
        {
            groups = groups.Where(g => g.Members.Any(m => m.UserId == me));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var upper = query.Search.Trim().ToUpperInvariant();
            groups = groups.Where(g => g.Name.ToUpper().Contains(upper));
        }

        var result = await Keyset.ToPageAsync(groups, page.Value!, g => g, ct);
        var views = await ViewsAsync(result.Items, ct);
        return new Page<AssignmentGroupView>(views, result.NextCursor, result.Limit, result.Sort);
    }

    public async Task<Outcome<AssignmentGroupView>> Get(Guid id, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.IncidentWorkers))
        {
            return Problem.Forbidden("Assignment groups are for service desk staff.");
        }

        var group = await db.Set<AssignmentGroup>().AsNoTracking().Include(g => g.Members).FirstOrDefaultAsync(g => g.Id == id, ct);
        return group is null ? Problem.NotFound("assignment group", id) : (await ViewsAsync([group], ct))[0];
    }

    public async Task<Outcome<AssignmentGroupView>> Create(AssignmentGroupRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ServiceDeskAdmins))
        {
            return Problem.Forbidden("Managing assignment groups needs the ProcessOwner, SmsManager or Admin role.");
        }

        var check = await ValidateAsync(request, null, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var now = time.UtcNow();
        var group = AssignmentGroup.Create(request.Name!.Trim(), request.Description?.Trim() ?? "", request.Email?.Trim(), request.ManagerId,
            request.MemberIds ?? [], now);
        db.Add(group);
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync([group], ct))[0];
    }

    public async Task<Outcome<AssignmentGroupView>> Update(Guid id, int expectedVersion, AssignmentGroupRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ServiceDeskAdmins))
        {
            return Problem.Forbidden("Managing assignment groups needs the ProcessOwner, SmsManager or Admin role.");
        }

        var group = await db.Set<AssignmentGroup>().Include(g => g.Members).FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null)
        {
            return Problem.NotFound("assignment group", id);
        }

        var check = await ValidateAsync(request, id, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        if (group.Version != expectedVersion)
        {
            return Problem.StaleVersion(group.Version);
        }

        var active = request.IsActive ?? group.IsActive;
        if (group.IsActive && !active && await db.Set<Incident>().AnyAsync(i => i.AssignmentGroupId == id && Open.Contains(i.Status), ct))
        {
            return Problem.Conflict("The group still has open incidents; move them to another group before retiring it.", "isActive", "group.open-work");
        }

        db.Entry(group).Property(g => g.Version).OriginalValue = expectedVersion;
        group.Edit(request.Name!.Trim(), request.Description?.Trim() ?? "", request.Email?.Trim(), request.ManagerId, request.MemberIds ?? [], active, time.UtcNow());
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync([group], ct))[0];
    }

    private async Task<Check> ValidateAsync(AssignmentGroupRequest request, Guid? self, CancellationToken ct)
    {
        var check = new Check()
            .Required("name", request.Name, AssignmentGroup.MaxName)
            .MaxLength("description", request.Description, AssignmentGroup.MaxDescription)
            .MaxLength("email", request.Email, AssignmentGroup.MaxEmail);
        if (!string.IsNullOrWhiteSpace(request.Email) && !EmailAddresses.IsAddress(request.Email.Trim()))
        {
            check.Add("email", "'email' is not an e-mail address.");
        }

        var memberIds = request.MemberIds ?? [];
        check.That(memberIds.Count <= AssignmentGroup.MaxMembers, "memberIds", $"A group has at most {AssignmentGroup.MaxMembers} members.");
        var wanted = memberIds.Concat(request.ManagerId is { } m ? [m] : []).Distinct().ToList();
        var found = await users.FindManyAsync(wanted, ct);
        for (var i = 0; i < memberIds.Count; i++)
        {
            if (!found.TryGetValue(memberIds[i], out var user))
            {
                check.Add($"memberIds[{i}]", $"'{memberIds[i]}' is not a known user.");
            }
            else if (!user.IsActive)
            {
                check.Add($"memberIds[{i}]", $"{user.DisplayName} is deactivated.");
            }
        }

        if (request.ManagerId is { } manager)
        {
            check.That(found.TryGetValue(manager, out var user) && user.IsActive, "managerId", "'managerId' is not an active user.");
        }

        if (!string.IsNullOrWhiteSpace(request.Name))
        {
            var upper = request.Name.Trim().ToUpperInvariant();
            var taken = await db.Set<AssignmentGroup>().AnyAsync(g => g.Name.ToUpper() == upper && g.Id != self, ct);
            check.That(!taken, "name", "Another group already has that name.");
        }

        return check;
    }

    private async Task<List<AssignmentGroupView>> ViewsAsync(IReadOnlyList<AssignmentGroup> groups, CancellationToken ct)
    {
        var ids = groups.Select(g => g.Id).ToList();
        var people = await users.FindManyAsync(groups.SelectMany(g => g.Members.Select(m => m.UserId).Concat(g.ManagerId is { } m ? [m] : [])).Distinct(), ct);
        var open = await db.Set<Incident>().AsNoTracking()
            .Where(i => i.AssignmentGroupId != null && ids.Contains(i.AssignmentGroupId.Value) && Open.Contains(i.Status))
            .GroupBy(i => i.AssignmentGroupId!.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return groups.Select(g => new AssignmentGroupView(g.Id, g.Name, g.Description, g.Email, g.ManagerId,
            g.ManagerId is { } m && people.TryGetValue(m, out var manager) ? manager.DisplayName : null, g.IsActive,
            g.Members.Select(x => people.TryGetValue(x.UserId, out var p) ? new GroupMemberView(p.Id, p.DisplayName, p.Email, p.IsActive) : new GroupMemberView(x.UserId, "(unknown)", "", false))
                .OrderBy(x => x.DisplayName, StringComparer.OrdinalIgnoreCase).ToList(),
            open.GetValueOrDefault(g.Id), g.CreatedAt, g.UpdatedAt, g.Version)).ToList();
    }
}

/// <summary>The <see cref="IAssignmentGroups"/> contract over the groups table.</summary>
internal sealed class AssignmentGroupDirectory(QuadrantDbContext db) : IAssignmentGroups
{
    public async Task<AssignmentGroupSummary?> FindAsync(Guid id, CancellationToken ct)
    {
        var group = await db.Set<AssignmentGroup>().AsNoTracking().Include(g => g.Members).FirstOrDefaultAsync(g => g.Id == id, ct);
        return group is null ? null : new AssignmentGroupSummary(group.Id, group.Name, group.Email, group.ManagerId, group.IsActive, group.Members.Select(m => m.UserId).ToList());
    }

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return wanted.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Set<AssignmentGroup>().AsNoTracking().Where(g => wanted.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
    }

    public async Task<IReadOnlyList<Guid>> GroupsOfAsync(Guid userId, CancellationToken ct) =>
        await db.Set<AssignmentGroupMember>().AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Set<AssignmentGroup>().Where(g => g.IsActive), m => m.GroupId, g => g.Id, (m, g) => g.Id).ToListAsync(ct);
}

internal static class AssignmentGroupsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/assignment-groups", async ([AsParameters] ListGroupsQuery query, AssignmentGroupsHandler handler, CancellationToken ct) =>
                (await handler.List(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("ListAssignmentGroups").WithTags("Assignment groups")
            .WithSummary("List assignment groups (filters: search in name, active, mine=true for the signed-in user's groups; sort: name, updatedAt)")
            .Produces<Page<AssignmentGroupView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/assignment-groups/{id:guid}", async (Guid id, AssignmentGroupsHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Get(id, ct)).Map(g => Results.Ok(g).WithETag(http, g.Version)))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("GetAssignmentGroup").WithTags("Assignment groups")
            .WithSummary("One assignment group with its members, manager and open incident count")
            .Produces<AssignmentGroupView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/assignment-groups", async (AssignmentGroupRequest request, AssignmentGroupsHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Create(request, ct)).Map(g => Results.Created($"/api/v1/assignment-groups/{g.Id}", g).WithETag(http, g.Version)))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("CreateAssignmentGroup").WithTags("Assignment groups")
            .WithSummary("Create an assignment group (ProcessOwner, SmsManager, Admin)")
            .Produces<AssignmentGroupView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPut("/assignment-groups/{id:guid}", (Guid id, AssignmentGroupRequest request, AssignmentGroupsHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Update(id, version, request, ct)).Map(g => Results.Ok(g).WithETag(http, g.Version))))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("UpdateAssignmentGroup").WithTags("Assignment groups")
            .WithSummary("Replace a group's name, description, e-mail, manager, members and active flag (requires If-Match)")
            .Produces<AssignmentGroupView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
