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
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Domain.Requests;
using Quadrant.Modules.ServiceDesk.Features.RequestShared;

namespace Quadrant.Modules.ServiceDesk.Features.RequestTasks;

/// <summary>A change to a task: status, group, assignee (each kept when absent; unassign=true clears the assignee), and an optional work note.</summary>
public sealed record TaskChangeBody(RequestTaskStatus? Status, Guid? AssignmentGroupId, Guid? AssigneeId, string? WorkNote, bool? Unassign = null);

public sealed record TaskQueueQuery(
    string? AssigneeId = null,
    string? GroupId = null,
    string? Status = null,
    string? Limit = null,
    string? Sort = null,
    string? Cursor = null);

public sealed record TaskQueueItem(
    Guid Id, Guid RequestId, string RequestReference, string RequestTitle, int Sequence, string Title, RequestTaskStatus Status, Guid? AssignmentGroupId,
    string? AssignmentGroupName, Guid? AssigneeId, string? AssigneeName, int RequestPriority, DateTime? OpenedAt, DateTime CreatedAt, int Version);

/// <summary>
/// Fulfilment tasks. Staff change a task (If-Match: the task's own ETag): start, finish, cancel,
/// reassign, add a work note. Finishing a sequential task opens the next; finishing the last fulfils
/// the request and stops its SLA clocks; the first task started stops the first-response clock.
/// </summary>
internal sealed class RequestTasksHandler(
    QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, ISearchIndex search, ActorContext actor, TimeProvider time)
{
    internal static readonly Keyset<RequestTask> Keyset = new Keyset<RequestTask>(t => t.Id, "createdAt")
        .Sort("createdAt", t => t.CreatedAt);

    public async Task<Outcome<RequestView>> Change(Guid requestId, Guid taskId, int expectedVersion, TaskChangeBody body, CancellationToken ct)
    {
        if (!RequestViews.IsStaff(actor))
        {
            return Problem.Forbidden("Fulfilment tasks are worked by the service desk.");
        }

        var check = new Check().MaxLength("workNote", body.WorkNote, RequestComment.MaxBody);
        if (body.Status is { } s && (!Enum.IsDefined(s) || s == RequestTaskStatus.Waiting))
        {
            check.Add("status", "'status' must be open, inProgress, done or cancelled.");
        }

        if (body.AssigneeId is { } assigneeId)
        {
            var user = await users.FindAsync(assigneeId, ct);
            check.That(user is { IsActive: true }, "assigneeId", "'assigneeId' is not an active user.");
        }

        if (body.AssignmentGroupId is { } groupId)
        {
            var group = await db.Set<AssignmentGroup>().AsNoTracking().Include(g => g.Members).FirstOrDefaultAsync(g => g.Id == groupId, ct);
            check.That(group is not null, "assignmentGroupId", $"'{groupId}' is not an assignment group.")
                .That(group is null || group.IsActive, "assignmentGroupId", "That assignment group is retired.")
                .That(group is null || body.AssigneeId is not { } who || group.HasMember(who), "assigneeId", $"The assignee is not a member of {group?.Name}.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var request = await RequestViews.FindAsync(db, actor, requestId, true, ct);
        var task = request?.Tasks.FirstOrDefault(t => t.Id == taskId);
        if (request is null || task is null)
        {
            return Problem.NotFound("request task", taskId);
        }

        if (task.Version != expectedVersion)
        {
            return Problem.StaleVersion(task.Version);
        }

        var now = time.UtcNow();
        var from = request.Status;
        var firstStart = body.Status is RequestTaskStatus.InProgress or RequestTaskStatus.Done && request.Tasks.All(t => t.Status is not (RequestTaskStatus.InProgress or RequestTaskStatus.Done));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(task).Property(t => t.Version).OriginalValue = expectedVersion;
        request.ChangeTask(taskId, body.Status, body.AssignmentGroupId ?? task.AssignmentGroupId, body.Unassign == true ? null : body.AssigneeId ?? task.AssigneeId, actor.UserId, now);
        db.AddRange(request.NewEvents);
        if (!string.IsNullOrWhiteSpace(body.WorkNote))
        {
            var me = await users.FindAsync(actor.UserId!.Value, ct);
            db.Add(RequestComment.Create(request.Id, task.Id, actor.UserId!.Value, me?.DisplayName ?? actor.Name, false, $"[{task.Title}] {body.WorkNote.Trim()}", now));
        }

        await RequestSearch.StageAsync(db, search, request, ct);
        await db.SaveChangesAsync(ct);
        if (firstStart && (await clocks.ReadAsync(RequestViews.RecordType, request.Id, now, ct)).Any(c => c.Metric == ClockMetric.FirstResponse && c.Status == "Running"))
        {
            await clocks.StopAsync(RequestViews.RecordType, request.Id, ClockMetric.FirstResponse, now, ct);
        }

        await RequestViews.SyncClocksAsync(clocks, request, from, now, ct);
        await transaction.CommitAsync(ct);
        return await RequestViews.LoadAsync(db, request, actor, catalogue, users, clocks, time, ct);
    }

    /// <summary>The task queue: assigneeId=me, groupId=mine (my groups' tasks), status (default: open and in progress).</summary>
    public async Task<Outcome<Page<TaskQueueItem>>> Queue(TaskQueueQuery query, CancellationToken ct)
    {
        if (!RequestViews.IsStaff(actor))
        {
            return Problem.Forbidden("The task queue is for the service desk.");
        }

        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        var check = new Check();
        var statuses = check.Enums<RequestTaskStatus>(query.Status, "status");
        var me = actor.UserId;
        var mineAssigned = query.AssigneeId is "me";
        var assignee = mineAssigned ? me : check.Id(query.AssigneeId, "assigneeId", "a user id or 'me'");
        var myGroups = query.GroupId is "mine";
        var groupId = myGroups ? null : check.Id(query.GroupId, "groupId", "an assignment group id or 'mine'");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        if (statuses.Count == 0)
        {
            statuses = [RequestTaskStatus.Open, RequestTaskStatus.InProgress];
        }

        var tasks = db.Set<RequestTask>().AsNoTracking().Where(t => statuses.Contains(t.Status));
        if (assignee is { } a)
        {
            tasks = tasks.Where(t => t.AssigneeId == a);
        }

        if (groupId is { } g)
        {
            tasks = tasks.Where(t => t.AssignmentGroupId == g);
        }

        if (myGroups)
        {
            var mine = db.Set<AssignmentGroupMember>().Where(m => m.UserId == me).Select(m => (Guid?)m.GroupId);
            tasks = tasks.Where(t => mine.Contains(t.AssignmentGroupId));
        }

        var result = await Keyset.ToPageAsync(tasks, page.Value!, t => t, ct);
        var requestIds = result.Items.Select(t => t.RequestId).Distinct().ToList();
        var requests = await db.Set<ServiceRequest>().AsNoTracking().Where(r => requestIds.Contains(r.Id))
            .Select(r => new { r.Id, r.Number, r.Title, r.Priority }).ToDictionaryAsync(r => r.Id, ct);
        var people = await users.FindManyAsync(result.Items.Select(t => t.AssigneeId).OfType<Guid>().Distinct(), ct);
        var groupIds = result.Items.Select(t => t.AssignmentGroupId).OfType<Guid>().Distinct().ToList();
        var groups = await db.Set<AssignmentGroup>().AsNoTracking().Where(x => groupIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        return new Page<TaskQueueItem>(result.Items.Select(t =>
        {
            var r = requests[t.RequestId];
            return new TaskQueueItem(t.Id, t.RequestId, ServiceRequest.Format(r.Number), r.Title, t.Sequence, t.Title, t.Status, t.AssignmentGroupId,
                t.AssignmentGroupId is { } gid && groups.TryGetValue(gid, out var gn) ? gn : null, t.AssigneeId,
                t.AssigneeId is { } aid && people.TryGetValue(aid, out var p) ? p.DisplayName : null, r.Priority, t.OpenedAt, t.CreatedAt, t.Version);
        }).ToList(), result.NextCursor, result.Limit, result.Sort);
    }
}

internal static class RequestTasksEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPatch("/requests/{id:guid}/tasks/{taskId:guid}", (Guid id, Guid taskId, TaskChangeBody body, RequestTasksHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Change(id, taskId, version, body, ct))
                    .Map(r => Results.Ok(r).WithETag(http, r.Tasks.First(t => t.Id == taskId).Version))))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("ChangeRequestTask").WithTags("Requests")
            .WithSummary("Change a fulfilment task (If-Match: the task's version): status open/inProgress/done/cancelled, group, assignee, work note. Returns the request; the ETag is the task's.")
            .Produces<RequestView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapGet("/request-tasks", async ([AsParameters] TaskQueueQuery query, RequestTasksHandler handler, CancellationToken ct) =>
                (await handler.Queue(query, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("ListRequestTasks").WithTags("Requests")
            .WithSummary("Fulfilment task queue (filters: assigneeId or 'me', groupId or 'mine', status — default open and inProgress; sort: createdAt)")
            .Produces<Page<TaskQueueItem>>().ProducesProblem(StatusCodes.Status400BadRequest);
    }
}
