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
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Domain.Requests;
using Quadrant.Modules.ServiceDesk.Features.RequestShared;

namespace Quadrant.Modules.ServiceDesk.Features.RequestItems;

/// <summary>The fields of a catalogue item that people set (create and full update).</summary>
public sealed record RequestItemRequest(
    string? Name,
    string? Description,
    string? Category,
    Guid? ServiceId,
    bool? IsActive,
    ItemAudience? Audience,
    string? Instructions,
    int? TargetMinutes,
    int? DefaultPriority,
    FormDefinition? Form,
    ApprovalDefinition? Approval,
    FulfilmentDefinition? Fulfilment);

/// <summary>A catalogue item. Requesters get no approval, fulfilment or instructions (null).</summary>
public sealed record RequestItemView(
    Guid Id,
    string Name,
    string Description,
    string Category,
    Guid ServiceId,
    string? ServiceName,
    bool IsActive,
    ItemAudience Audience,
    string? Instructions,
    int? TargetMinutes,
    int DefaultPriority,
    bool NeedsApproval,
    FormDefinition Form,
    ApprovalDefinition? Approval,
    FulfilmentDefinition? Fulfilment,
    int Revision,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);

public sealed record ListRequestItemsQuery(
    string? Category = null,
    string? ServiceId = null,
    string? Active = null,
    string? Audience = null,
    string? Search = null,
    string? Limit = null,
    string? Sort = null,
    string? Cursor = null);

/// <summary>
/// The request catalogue. Everyone signed in lists and reads the active items their audience allows
/// (requesters: items for everyone); service desk admins (ProcessOwner, SmsManager, Admin) create and
/// edit them. Saving validates the form definition, the approvers and the task templates.
/// </summary>
internal sealed class RequestItemsHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    internal static readonly Keyset<RequestItem> Keyset = new Keyset<RequestItem>(i => i.Id, "name")
        .Sort("name", i => i.Name)
        .Sort("createdAt", i => i.CreatedAt)
        .Sort("updatedAt", i => i.UpdatedAt);

    public bool CanManage => actor.IsInAnyRole(Policies.ServiceDeskAdmins);

    public async Task<Outcome<Page<RequestItemView>>> List(ListRequestItemsQuery query, CancellationToken ct)
    {
        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var check = new Check().MaxLength("search", query.Search, 200).MaxLength("category", query.Category, RequestItem.MaxCategory);
        var serviceId = check.Id(query.ServiceId, "serviceId", "a service id");
        var active = check.Flag(query.Active, "active");
        var audiences = check.Enums<ItemAudience>(query.Audience, "audience");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var items = Orderable(db.Set<RequestItem>().AsNoTracking());
        if (!CanManage)
        {
            active = true;
        }

        if (active is { } a)
        {
            items = items.Where(i => i.IsActive == a);
        }

        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            var category = query.Category.Trim();
            items = items.Where(i => i.Category == category);
        }

        if (serviceId is { } sid)
        {
            items = items.Where(i => i.ServiceId == sid);
        }

        if (audiences.Count > 0)
        {
            items = items.Where(i => audiences.Contains(i.Audience));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var upper = query.Search.Trim().ToUpperInvariant();
            items = items.Where(i => i.Name.ToUpper().Contains(upper) || i.Description.ToUpper().Contains(upper) || i.Category.ToUpper().Contains(upper));
        }

        var result = await Keyset.ToPageAsync(items, page.Value!, i => i, ct);
        var names = await catalogue.NamesAsync(result.Items.Select(i => i.ServiceId), ct);
        return new Page<RequestItemView>(result.Items.Select(i => View(i, names.GetValueOrDefault(i.ServiceId))).ToList(), result.NextCursor, result.Limit, result.Sort);
    }

    /// <summary>The distinct categories of the items the actor may order, for the catalogue page.</summary>
    public async Task<IReadOnlyList<string>> CategoriesAsync(CancellationToken ct) =>
        await Orderable(db.Set<RequestItem>().AsNoTracking()).Where(i => i.IsActive).Select(i => i.Category).Distinct().OrderBy(c => c).ToListAsync(ct);

    public async Task<Outcome<RequestItemView>> Get(Guid id, CancellationToken ct)
    {
        var item = await Orderable(db.Set<RequestItem>().AsNoTracking()).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null || (!item.IsActive && !CanManage))
        {
            return Problem.NotFound("request item", id);
        }

        return View(item, (await catalogue.FindAsync(item.ServiceId, ct))?.Name);
    }

    public async Task<Outcome<RequestItemView>> Create(RequestItemRequest request, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Problem.Forbidden("Managing the request catalogue needs the ProcessOwner, SmsManager or Admin role.");
        }

        var check = await ValidateAsync(request, null, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var item = RequestItem.Create(request.Name!.Trim(), request.Description?.Trim() ?? "", request.Category?.Trim() ?? "", request.ServiceId!.Value,
            request.IsActive ?? true, request.Audience ?? ItemAudience.Everyone, request.Instructions?.Trim() ?? "", request.TargetMinutes,
            request.DefaultPriority ?? 3, RequestForms.Normalize(request.Form), Approval(request.Approval), Fulfilment(request.Fulfilment), time.UtcNow());
        db.Add(item);
        await db.SaveChangesAsync(ct);
        return View(item, (await catalogue.FindAsync(item.ServiceId, ct))?.Name);
    }

    public async Task<Outcome<RequestItemView>> Update(Guid id, int expectedVersion, RequestItemRequest request, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Problem.Forbidden("Managing the request catalogue needs the ProcessOwner, SmsManager or Admin role.");
        }

        var item = await db.Set<RequestItem>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return Problem.NotFound("request item", id);
        }

        var check = await ValidateAsync(request, id, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        if (item.Version != expectedVersion)
        {
            return Problem.StaleVersion(item.Version);
        }

        db.Entry(item).Property(i => i.Version).OriginalValue = expectedVersion;
        item.Edit(request.Name!.Trim(), request.Description?.Trim() ?? "", request.Category?.Trim() ?? "", request.ServiceId!.Value,
            request.IsActive ?? true, request.Audience ?? ItemAudience.Everyone, request.Instructions?.Trim() ?? "", request.TargetMinutes,
            request.DefaultPriority ?? 3, RequestForms.Normalize(request.Form), Approval(request.Approval), Fulfilment(request.Fulfilment), time.UtcNow());
        await db.SaveChangesAsync(ct);
        return View(item, (await catalogue.FindAsync(item.ServiceId, ct))?.Name);
    }

    /// <summary>Requesters see only items open to everyone; staff see all.</summary>
    private IQueryable<RequestItem> Orderable(IQueryable<RequestItem> items) =>
        RequestViews.IsStaff(actor) || CanManage ? items : items.Where(i => i.Audience == ItemAudience.Everyone);

    private RequestItemView View(RequestItem i, string? serviceName)
    {
        var staff = RequestViews.IsStaff(actor) || CanManage;
        return new RequestItemView(i.Id, i.Name, i.Description, i.Category, i.ServiceId, serviceName, i.IsActive, i.Audience, staff ? i.Instructions : null,
            i.TargetMinutes, i.DefaultPriority, i.NeedsApproval, i.Form, staff ? i.Approval : null, staff ? i.Fulfilment : null, i.Revision, i.CreatedAt, i.UpdatedAt,
            i.Version);
    }

    private static ApprovalDefinition Approval(ApprovalDefinition? a) => a is null || a.Mode is null or ApprovalMode.None
        ? ApprovalDefinition.None
        : new ApprovalDefinition(a.Mode, (a.ApproverIds ?? []).Distinct().ToList(), a.GroupId);

    private static FulfilmentDefinition Fulfilment(FulfilmentDefinition? f) => f is null
        ? FulfilmentDefinition.None
        : new FulfilmentDefinition(f.Ordering ?? TaskOrdering.Sequential, (f.Tasks ?? []).Select(t => new TaskTemplate(t.Title!.Trim(),
            string.IsNullOrWhiteSpace(t.Instructions) ? null : t.Instructions.Trim(), t.AssignmentGroupId, t.AssigneeId)).ToList());

    private async Task<Check> ValidateAsync(RequestItemRequest request, Guid? id, CancellationToken ct)
    {
        var check = new Check()
            .Required("name", request.Name, RequestItem.MaxName)
            .MaxLength("description", request.Description, RequestItem.MaxDescription)
            .Required("category", request.Category, RequestItem.MaxCategory)
            .Required("serviceId", request.ServiceId)
            .MaxLength("instructions", request.Instructions, RequestItem.MaxInstructions)
            .That(request.TargetMinutes is null or (> 0 and <= RequestItem.MaxTargetMinutes), "targetMinutes", $"'targetMinutes' is 1 to {RequestItem.MaxTargetMinutes} (a year).")
            .That(request.DefaultPriority is null or (>= 1 and <= PriorityMatrix.MaxPriority), "defaultPriority", $"'defaultPriority' is 1 (highest) to {PriorityMatrix.MaxPriority}.");
        if (request.Audience is { } audience && !Enum.IsDefined(audience))
        {
            check.Add("audience", "'audience' must be everyone or staffOnly.");
        }

        if (request.ServiceId is { } serviceId)
        {
            var service = await catalogue.FindAsync(serviceId, ct);
            check.That(service is not null, "serviceId", $"'{serviceId}' is not a service.")
                .That(service is null || service.Lifecycle != "Retired", "serviceId", "That service is retired.");
        }

        if (!string.IsNullOrWhiteSpace(request.Name))
        {
            var name = request.Name.Trim();
            check.That(!await db.Set<RequestItem>().AnyAsync(i => i.Name == name && i.Id != id, ct), "name", $"Another item is called '{name}'.");
        }

        RequestForms.ValidateDefinition(request.Form, check);
        await ValidateApprovalAsync(request.Approval, check, ct);
        await ValidateFulfilmentAsync(request.Fulfilment, check, ct);
        return check;
    }

    private async Task ValidateApprovalAsync(ApprovalDefinition? approval, Check check, CancellationToken ct)
    {
        if (approval is null)
        {
            return;
        }

        if (approval.Mode is { } mode && !Enum.IsDefined(mode))
        {
            check.Add("approval.mode", "'mode' must be none, any or all.");
            return;
        }

        var approvers = approval.ApproverIds ?? [];
        if (approval.Mode is null or ApprovalMode.None)
        {
            check.That(approvers.Count == 0 && approval.GroupId is null, "approval.mode", "Choose any or all when naming approvers.");
            return;
        }

        if (approvers.Count == 0 && approval.GroupId is null)
        {
            check.Add("approval.approverIds", "Name at least one approver or an approving group.");
        }

        if (approvers.Count > RequestItem.MaxApprovers)
        {
            check.Add("approval.approverIds", $"At most {RequestItem.MaxApprovers} named approvers.");
            return;
        }

        var people = await users.FindManyAsync(approvers, ct);
        for (var i = 0; i < approvers.Count; i++)
        {
            if (!people.TryGetValue(approvers[i], out var p) || !p.IsActive)
            {
                check.Add($"approval.approverIds[{i}]", $"'{approvers[i]}' is not an active user.");
            }
        }

        if (approval.GroupId is { } groupId)
        {
            var group = await db.Set<AssignmentGroup>().AsNoTracking().Include(g => g.Members).FirstOrDefaultAsync(g => g.Id == groupId, ct);
            check.That(group is not null, "approval.groupId", $"'{groupId}' is not an assignment group.")
                .That(group is null || group.IsActive, "approval.groupId", "That group is retired.")
                .That(group is null || group.Members.Count > 0, "approval.groupId", "That group has no members to approve.");
        }
    }

    private async Task ValidateFulfilmentAsync(FulfilmentDefinition? fulfilment, Check check, CancellationToken ct)
    {
        if (fulfilment is null)
        {
            return;
        }

        if (fulfilment.Ordering is { } ordering && !Enum.IsDefined(ordering))
        {
            check.Add("fulfilment.ordering", "'ordering' must be sequential or parallel.");
        }

        var tasks = fulfilment.Tasks ?? [];
        if (tasks.Count > RequestItem.MaxTasks)
        {
            check.Add("fulfilment.tasks", $"At most {RequestItem.MaxTasks} tasks.");
            return;
        }

        var groupIds = tasks.Select(t => t?.AssignmentGroupId).OfType<Guid>().Distinct().ToList();
        var groups = await db.Set<AssignmentGroup>().AsNoTracking().Include(g => g.Members).Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
        var people = await users.FindManyAsync(tasks.Select(t => t?.AssigneeId).OfType<Guid>().Distinct(), ct);
        for (var i = 0; i < tasks.Count; i++)
        {
            var t = tasks[i];
            var at = $"fulfilment.tasks[{i}]";
            if (t is null)
            {
                check.Add(at, "A task is required here.");
                continue;
            }

            check.Required($"{at}.title", t.Title, RequestTask.MaxTitle).MaxLength($"{at}.instructions", t.Instructions, RequestTask.MaxInstructions);
            if (t.AssignmentGroupId is { } g)
            {
                check.That(groups.ContainsKey(g), $"{at}.assignmentGroupId", $"'{g}' is not an assignment group.")
                    .That(!groups.TryGetValue(g, out var group) || group.IsActive, $"{at}.assignmentGroupId", "That group is retired.");
            }

            if (t.AssigneeId is { } a)
            {
                check.That(people.TryGetValue(a, out var p) && p.IsActive, $"{at}.assigneeId", $"'{a}' is not an active user.")
                    .That(t.AssignmentGroupId is not { } tg || !groups.TryGetValue(tg, out var grp) || grp.HasMember(a), $"{at}.assigneeId",
                        "The assignee is not a member of the task's group.");
            }
        }
    }
}

internal static class RequestItemsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/request-items", async ([AsParameters] ListRequestItemsQuery query, RequestItemsHandler handler, CancellationToken ct) =>
                (await handler.List(query, ct)).Map(Results.Ok))
            .WithName("ListRequestItems").WithTags("Requests")
            .WithSummary("The request catalogue (filters: category, serviceId, active, audience, search; sort: name, createdAt, updatedAt). Requesters see active items for everyone.")
            .Produces<Page<RequestItemView>>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/request-items/{id:guid}", async (Guid id, RequestItemsHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Get(id, ct)).Map(i => Results.Ok(i).WithETag(http, i.Version)))
            .WithName("GetRequestItem").WithTags("Requests")
            .WithSummary("One catalogue item with its form (staff also see approvals, tasks and instructions)")
            .Produces<RequestItemView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/request-items", async (RequestItemRequest request, RequestItemsHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Create(request, ct)).Map(i => Results.Created($"/api/v1/request-items/{i.Id}", i).WithETag(http, i.Version)))
            .WithName("CreateRequestItem").WithTags("Requests")
            .WithSummary("Add a catalogue item: form definition, approvals (none/any/all) and fulfilment tasks (ProcessOwner, SmsManager, Admin)")
            .Produces<RequestItemView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPut("/request-items/{id:guid}", (Guid id, RequestItemRequest request, RequestItemsHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Update(id, version, request, ct)).Map(i => Results.Ok(i).WithETag(http, i.Version))))
            .WithName("UpdateRequestItem").WithTags("Requests")
            .WithSummary("Replace a catalogue item (requires If-Match); requests already raised keep the definition they were raised with")
            .Produces<RequestItemView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }
}
