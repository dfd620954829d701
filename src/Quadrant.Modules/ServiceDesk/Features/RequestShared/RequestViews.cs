using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Domain.Requests;

namespace Quadrant.Modules.ServiceDesk.Features.RequestShared;

public sealed record AnswerView(string Key, string Label, FormFieldType Type, JsonElement Value, string Display);

public sealed record ApprovalView(Guid Id, Guid ApproverId, string? ApproverName, ApprovalDecision Decision, string? Comment, DateTime? DecidedAt);

public sealed record RequestTaskView(
    Guid Id,
    int Sequence,
    string Title,
    string Instructions,
    Guid? AssignmentGroupId,
    string? AssignmentGroupName,
    Guid? AssigneeId,
    string? AssigneeName,
    RequestTaskStatus Status,
    IReadOnlyList<RequestTaskStatus> AllowedTransitions,
    DateTime? OpenedAt,
    DateTime? CompletedAt,
    DateTime UpdatedAt,
    int Version);

public sealed record RequestView(
    Guid Id,
    string Reference,
    string Title,
    Guid ItemId,
    int ItemRevision,
    Guid ServiceId,
    string? ServiceName,
    Guid? CustomerId,
    string? CustomerName,
    Guid RequestedById,
    string? RequestedByName,
    Guid RequestedForId,
    string? RequestedForName,
    int Priority,
    RequestStatus Status,
    ApprovalMode ApprovalMode,
    TaskOrdering TaskOrdering,
    IReadOnlyList<AnswerView> Answers,
    IReadOnlyList<ApprovalView> Approvals,
    IReadOnlyList<RequestTaskView> Tasks,
    string? FulfilmentInstructions,
    IReadOnlyList<RequestStatus> AllowedTransitions,
    bool CanDecide,
    IReadOnlyList<ClockState> Clocks,
    DateTime? DueAt,
    DateTime? ApprovedAt,
    DateTime? FulfilledAt,
    DateTime? ClosedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);

/// <summary>Who sees what of requests, the full view, and how the SLA clocks follow the status.</summary>
internal static class RequestViews
{
    public const string RecordType = "Request";

    public static bool IsStaff(ActorContext actor) => actor.IsInAnyRole(Policies.IncidentWorkers);

    /// <summary>
    /// The requests the actor may see: staff all; anyone else those raised by or for them, and those
    /// waiting (or having waited) for their decision.
    /// </summary>
    public static IQueryable<ServiceRequest> Visible(QuadrantDbContext db, ActorContext actor)
    {
        var requests = db.Set<ServiceRequest>().AsQueryable();
        if (IsStaff(actor))
        {
            return requests;
        }

        var me = actor.UserId ?? Guid.Empty;
        var approving = db.Set<RequestApproval>().Where(a => a.ApproverId == me).Select(a => a.RequestId);
        return requests.Where(r => r.RequestedForId == me || r.RequestedById == me || approving.Contains(r.Id));
    }

    public static Task<ServiceRequest?> FindAsync(QuadrantDbContext db, ActorContext actor, Guid id, bool tracked, CancellationToken ct)
    {
        var query = Visible(db, actor).Include(r => r.Approvals).Include(r => r.Tasks).AsSplitQuery();
        return (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>The moves this actor may make by hand now.</summary>
    public static IReadOnlyList<RequestStatus> AllowedFor(ServiceRequest r, ActorContext actor)
    {
        var staff = IsStaff(actor);
        var own = r.RequestedForId == actor.UserId || r.RequestedById == actor.UserId;
        return ServiceRequest.Allowed[r.Status].Where(ServiceRequest.Manual.Contains)
            .Where(to => staff || (own && to is RequestStatus.Cancelled or RequestStatus.Closed))
            .Where(to => to != RequestStatus.Fulfilled || r.Tasks.All(t => !t.IsOpen))
            .ToList();
    }

    public static async Task<RequestView> LoadAsync(QuadrantDbContext db, ServiceRequest r, ActorContext actor, IServiceCatalogue catalogue, IUserDirectory users,
        ISlaClocks clocks, TimeProvider time, CancellationToken ct)
    {
        var staff = IsStaff(actor);
        var snapshot = r.Snapshot();
        var answers = r.Answers();
        var fields = snapshot.Form.Fields ?? [];
        var userIds = new List<Guid> { r.RequestedById, r.RequestedForId };
        userIds.AddRange(r.Approvals.Select(a => a.ApproverId));
        userIds.AddRange(r.Tasks.Select(t => t.AssigneeId).OfType<Guid>());
        userIds.AddRange(fields.Where(f => f.Type == FormFieldType.User && answers.ContainsKey(f.Key!))
            .Select(f => Guid.TryParse(answers[f.Key!].GetString(), out var g) ? g : Guid.Empty));
        var people = await users.FindManyAsync(userIds.Distinct(), ct);
        var names = await catalogue.NamesAsync(new[] { r.ServiceId }.Concat(r.CustomerId is { } c ? [c] : []), ct);
        var groupIds = r.Tasks.Select(t => t.AssignmentGroupId).OfType<Guid>().Distinct().ToList();
        var groups = groupIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Set<AssignmentGroup>().AsNoTracking().Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var readings = await clocks.ReadAsync(RecordType, r.Id, time.GetUtcNow().UtcDateTime, ct);
        string? Name(Guid? id) => id is { } g && people.TryGetValue(g, out var p) ? p.DisplayName : null;

        var answerViews = fields.Where(f => answers.ContainsKey(f.Key!))
            .Select(f => new AnswerView(f.Key!, f.Label!, f.Type!.Value, answers[f.Key!], RequestForms.Display(f, answers[f.Key!], id => Name(id))))
            .ToList();
        var me = actor.UserId;
        return new RequestView(r.Id, r.Reference, r.Title, r.ItemId, snapshot.Revision, r.ServiceId, names.GetValueOrDefault(r.ServiceId), r.CustomerId,
            r.CustomerId is { } cid ? names.GetValueOrDefault(cid) : null, r.RequestedById, Name(r.RequestedById), r.RequestedForId, Name(r.RequestedForId),
            r.Priority, r.Status, snapshot.Approval.Mode ?? ApprovalMode.None, snapshot.Fulfilment.Ordering ?? TaskOrdering.Sequential, answerViews,
            r.Approvals.OrderBy(a => a.CreatedAt).ThenBy(a => Name(a.ApproverId)).Select(a => new ApprovalView(a.Id, a.ApproverId, Name(a.ApproverId), a.Decision, a.Comment, a.DecidedAt)).ToList(),
            r.Tasks.OrderBy(t => t.Sequence).Select(t => TaskView(t, staff, groups, Name)).ToList(),
            staff ? snapshot.Instructions : null,
            AllowedFor(r, actor),
            r.Status == RequestStatus.AwaitingApproval && r.Approvals.Any(a => a.ApproverId == me && a.Decision == ApprovalDecision.Pending),
            readings, r.DueAt, r.ApprovedAt, r.FulfilledAt, r.ClosedAt, r.CreatedAt, r.UpdatedAt, r.Version);
    }

    public static RequestTaskView TaskView(RequestTask t, bool staff, IReadOnlyDictionary<Guid, string> groups, Func<Guid?, string?> name) =>
        new(t.Id, t.Sequence, t.Title, staff ? t.Instructions : "", t.AssignmentGroupId,
            t.AssignmentGroupId is { } g && groups.TryGetValue(g, out var gn) ? gn : null, t.AssigneeId, name(t.AssigneeId), t.Status,
            RequestTask.Allowed[t.Status].Where(s => s != RequestTaskStatus.Waiting).ToList(), t.OpenedAt, t.CompletedAt, t.UpdatedAt, t.Version);

    /// <summary>
    /// The request's SLA clocks follow its status: waiting for approval pauses them (reason "awaiting
    /// approval"; the desk cannot act until the approvers decide), approval resumes them, fulfilment,
    /// rejection and cancellation stop them.
    /// </summary>
    public static async Task SyncClocksAsync(ISlaClocks clocks, ServiceRequest request, RequestStatus from, DateTime at, CancellationToken ct)
    {
        var to = request.Status;
        var states = await clocks.ReadAsync(RecordType, request.Id, at, ct);
        if (states.Count == 0 || from == to)
        {
            return;
        }

        bool Any(string status) => states.Any(s => s.Status == status);
        if (to == RequestStatus.AwaitingApproval && Any("Running"))
        {
            await clocks.PauseAsync(RecordType, request.Id, "awaiting approval", at, ct);
            return;
        }

        if (from == RequestStatus.AwaitingApproval && Any("Paused"))
        {
            await clocks.ResumeAsync(RecordType, request.Id, at, ct);
        }

        if (to is RequestStatus.Fulfilled or RequestStatus.Rejected or RequestStatus.Cancelled or RequestStatus.Closed && (Any("Running") || Any("Paused")))
        {
            await clocks.StopAsync(RecordType, request.Id, null, at, ct);
        }
    }

    public static ClockSubject Subject(ServiceRequest r) => new(RecordType, r.Id, r.Reference, r.ServiceId, r.CustomerId, r.Priority, null);
}
