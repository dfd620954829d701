using System.Text.Json;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.ServiceDesk.Domain.Requests;

public enum RequestStatus
{
    Submitted = 1,
    AwaitingApproval = 2,
    Approved = 3,
    Rejected = 4,
    InFulfilment = 5,
    Fulfilled = 6,
    Closed = 7,
    Cancelled = 8,
}

public enum ApprovalDecision
{
    Pending = 1,
    Approved = 2,
    Rejected = 3,

    /// <summary>No longer needed: another approver decided (any mode), someone rejected, or the request was cancelled.</summary>
    Skipped = 4,
}

public enum RequestTaskStatus
{
    /// <summary>Sequential task waiting for the one before it.</summary>
    Waiting = 1,
    Open = 2,
    InProgress = 3,
    Done = 4,
    Cancelled = 5,
}

public enum RequestEventKind
{
    Created = 1,
    StatusChanged = 2,
    ApprovalDecided = 3,
    TaskChanged = 4,
    PriorityChanged = 5,
}

/// <summary>
/// A service request (8.6.2) raised from a catalogue item. It carries a snapshot of the item's form,
/// approvals and tasks as they were when it was raised. Approval decisions and task progress move it
/// through its lifecycle; people move it only to fulfilled (no tasks), closed or cancelled.
/// </summary>
internal sealed class ServiceRequest
{
    public const int MaxAnswers = 100_000;
    public const int MaxComment = 2_000;

    /// <summary>The lifecycle (rule request.transition).</summary>
    public static readonly IReadOnlyDictionary<RequestStatus, RequestStatus[]> Allowed = new Dictionary<RequestStatus, RequestStatus[]>
    {
        [RequestStatus.Submitted] = [RequestStatus.AwaitingApproval, RequestStatus.Approved, RequestStatus.Cancelled],
        [RequestStatus.AwaitingApproval] = [RequestStatus.Approved, RequestStatus.Rejected, RequestStatus.Cancelled],
        [RequestStatus.Approved] = [RequestStatus.InFulfilment, RequestStatus.Cancelled],
        [RequestStatus.Rejected] = [],
        [RequestStatus.InFulfilment] = [RequestStatus.Fulfilled],
        [RequestStatus.Fulfilled] = [RequestStatus.Closed],
        [RequestStatus.Closed] = [],
        [RequestStatus.Cancelled] = [],
    };

    /// <summary>The moves people make; the others follow from approvals and tasks.</summary>
    public static readonly IReadOnlySet<RequestStatus> Manual = new HashSet<RequestStatus> { RequestStatus.Fulfilled, RequestStatus.Closed, RequestStatus.Cancelled };

    private readonly List<RequestApproval> approvals = [];
    private readonly List<RequestTask> tasks = [];
    private readonly List<RequestEvent> events = [];

    private ServiceRequest()
    {
    }

    public Guid Id { get; private set; }

    public long Number { get; private set; }

    public Guid ItemId { get; private set; }

    public string Title { get; private set; } = "";

    public Guid ServiceId { get; private set; }

    public Guid? CustomerId { get; private set; }

    /// <summary>Who raised it (staff raising for someone, or the requester themselves).</summary>
    public Guid RequestedById { get; private set; }

    /// <summary>Whose request it is: they see it in the portal.</summary>
    public Guid RequestedForId { get; private set; }

    public int Priority { get; private set; }

    public RequestStatus Status { get; private set; }

    public string SnapshotJson { get; private set; } = "{}";

    public string AnswersJson { get; private set; } = "{}";

    public DateTime? DueAt { get; private set; }

    public DateTime? ApprovedAt { get; private set; }

    public DateTime? FulfilledAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>How many history rows the request has (the sequence of the last one).</summary>
    public int EventCount { get; private set; }

    public int Version { get; private set; } = 1;

    public IReadOnlyList<RequestApproval> Approvals => approvals;

    public IReadOnlyList<RequestTask> Tasks => tasks;

    /// <summary>History rows added by this unit of work (the list is not loaded from the database).</summary>
    public IReadOnlyList<RequestEvent> NewEvents => events;

    public string Reference => Format(Number);

    public static string Format(long number) => $"REQ-{number:000000}";

    public ItemSnapshot Snapshot() => RequestItem.Deserialize(SnapshotJson);

    public Dictionary<string, JsonElement> Answers() => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(AnswersJson) ?? [];

    /// <summary>
    /// Raises a request and submits it: to approval when the snapshot asks for it (one pending
    /// decision per approver), otherwise straight to fulfilment.
    /// </summary>
    public static ServiceRequest Raise(long number, Guid itemId, ItemSnapshot snapshot, Guid serviceId, Guid? customerId, Guid requestedBy, Guid requestedFor,
        int priority, IReadOnlyDictionary<string, JsonElement> answers, IReadOnlyCollection<Guid> approverIds, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(approverIds);
        var needsApproval = snapshot.Approval.Mode is ApprovalMode.Any or ApprovalMode.All;
        if (needsApproval && approverIds.Count == 0)
        {
            throw new DomainRuleException("request.no-approvers", "The item needs approval but names no active approver; ask the catalogue owner to fix the item.");
        }

        var request = new ServiceRequest
        {
            Id = Guid.CreateVersion7(now),
            Number = number,
            ItemId = itemId,
            Title = snapshot.Name,
            ServiceId = serviceId,
            CustomerId = customerId,
            RequestedById = requestedBy,
            RequestedForId = requestedFor,
            Priority = priority,
            Status = RequestStatus.Submitted,
            SnapshotJson = RequestItem.Serialize(snapshot),
            AnswersJson = JsonSerializer.Serialize(answers),
            DueAt = snapshot.TargetMinutes is { } minutes ? now.AddMinutes(minutes) : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        request.Record(RequestEventKind.Created, null, Describe(RequestStatus.Submitted), null, requestedBy, now);
        if (needsApproval)
        {
            foreach (var approver in approverIds.Distinct())
            {
                request.approvals.Add(RequestApproval.Create(request.Id, approver, now));
            }

            request.Move(RequestStatus.AwaitingApproval, null, requestedBy, now);
        }
        else
        {
            request.Move(RequestStatus.Approved, "No approval needed", requestedBy, now);
            request.StartFulfilment(requestedBy, now);
        }

        return request;
    }

    public bool IsApprover(Guid userId) => approvals.Any(a => a.ApproverId == userId);

    /// <summary>
    /// Records one approver's decision (once). Any mode: the first approval approves. All mode: the last
    /// approval approves. A rejection rejects the request at once. Approval opens the fulfilment tasks.
    /// </summary>
    public void Decide(Guid approverId, bool approve, string? comment, DateTime now)
    {
        if (Status != RequestStatus.AwaitingApproval)
        {
            throw new DomainRuleException("request.not-awaiting-approval", $"{Reference} is {Describe(Status)}; it is not waiting for approval.");
        }

        var mine = approvals.FirstOrDefault(a => a.ApproverId == approverId)
                   ?? throw new DomainRuleException("request.not-an-approver", "You are not an approver of this request.");
        if (mine.Decision != ApprovalDecision.Pending)
        {
            throw new DomainRuleException("request.already-decided", $"You already decided ({Describe(mine.Decision)}) on {Reference}.");
        }

        mine.Decide(approve ? ApprovalDecision.Approved : ApprovalDecision.Rejected, comment, now);
        Record(RequestEventKind.ApprovalDecided, null, approve ? "approved" : "rejected", comment, approverId, now);
        var mode = Snapshot().Approval.Mode;
        if (!approve)
        {
            SkipPending(now);
            Move(RequestStatus.Rejected, comment, approverId, now);
            ClosedAt = now;
            return;
        }

        if (mode == ApprovalMode.Any || approvals.All(a => a.Decision == ApprovalDecision.Approved))
        {
            SkipPending(now);
            ApprovedAt = now;
            Move(RequestStatus.Approved, null, approverId, now);
            StartFulfilment(approverId, now);
        }
        else
        {
            UpdatedAt = now;
        }
    }

    /// <summary>A move people make: fulfilled (when no task is open), closed, cancelled (before fulfilment).</summary>
    public void MoveTo(RequestStatus to, string? note, Guid? actorId, DateTime now)
    {
        var allowed = Allowed[Status].Where(Manual.Contains).ToList();
        if (!allowed.Contains(to))
        {
            throw new DomainRuleException("request.transition",
                $"A request that is {Describe(Status)} cannot become {Describe(to)} by hand. Allowed: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed.Select(Describe)))}.", "to");
        }

        if (to == RequestStatus.Fulfilled && tasks.Any(t => t.IsOpen))
        {
            throw new DomainRuleException("request.open-tasks", $"{tasks.Count(t => t.IsOpen)} fulfilment task(s) are still open; complete or cancel them first.", "to");
        }

        if (to == RequestStatus.Cancelled)
        {
            SkipPending(now);
            ClosedAt = now;
        }

        if (to == RequestStatus.Fulfilled)
        {
            FulfilledAt = now;
        }

        if (to == RequestStatus.Closed)
        {
            ClosedAt = now;
        }

        Move(to, note, actorId, now);
    }

    /// <summary>Staff change the priority (the SLA clocks retarget). Returns true when it changed.</summary>
    public bool SetPriority(int priority, Guid? actorId, DateTime now)
    {
        if (Status is RequestStatus.Closed or RequestStatus.Cancelled or RequestStatus.Rejected or RequestStatus.Fulfilled)
        {
            throw new DomainRuleException("request.final", $"{Reference} is {Describe(Status)}; its priority no longer changes.");
        }

        if (priority == Priority)
        {
            return false;
        }

        Record(RequestEventKind.PriorityChanged, $"{Priority}", $"{priority}", null, actorId, now);
        Priority = priority;
        UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// Changes a task (status, group, assignee). Finishing a sequential task opens the next; when no
    /// task remains open the request is fulfilled.
    /// </summary>
    public void ChangeTask(Guid taskId, RequestTaskStatus? status, Guid? groupId, Guid? assigneeId, Guid? actorId, DateTime now)
    {
        var task = tasks.FirstOrDefault(t => t.Id == taskId) ?? throw new InvalidOperationException("Not a task of this request.");
        if (Status != RequestStatus.InFulfilment)
        {
            throw new DomainRuleException("request-task.not-in-fulfilment", $"{Reference} is {Describe(Status)}; its tasks no longer change.");
        }

        var before = task.Status;
        task.Assign(groupId, assigneeId, now);
        if (status is { } to && to != before)
        {
            task.MoveTo(to, now);
            Record(RequestEventKind.TaskChanged, Describe(before), Describe(to), task.Title, actorId, now);
        }

        if (task.Status is RequestTaskStatus.Done or RequestTaskStatus.Cancelled && Snapshot().Fulfilment.Ordering == TaskOrdering.Sequential)
        {
            tasks.Where(t => t.Status == RequestTaskStatus.Waiting).OrderBy(t => t.Sequence).FirstOrDefault()?.Open(now);
        }

        if (tasks.Count > 0 && tasks.All(t => !t.IsOpen))
        {
            FulfilledAt = now;
            Move(RequestStatus.Fulfilled, "All fulfilment tasks are done", actorId, now);
        }
        else
        {
            UpdatedAt = now;
        }
    }

    private void StartFulfilment(Guid? actorId, DateTime now)
    {
        var fulfilment = Snapshot().Fulfilment;
        var templates = fulfilment.Tasks ?? [];
        for (var i = 0; i < templates.Count; i++)
        {
            var t = templates[i];
            var open = fulfilment.Ordering == TaskOrdering.Parallel || i == 0;
            tasks.Add(RequestTask.Create(Id, i + 1, t.Title ?? "", t.Instructions ?? "", t.AssignmentGroupId, t.AssigneeId, open, now));
        }

        Move(RequestStatus.InFulfilment, templates.Count == 0 ? "No fulfilment tasks: fulfil by hand" : $"{templates.Count} fulfilment task(s) created", actorId, now);
    }

    private void SkipPending(DateTime now)
    {
        foreach (var a in approvals.Where(a => a.Decision == ApprovalDecision.Pending))
        {
            a.Decide(ApprovalDecision.Skipped, null, now);
        }

        foreach (var t in tasks.Where(t => t.IsOpen))
        {
            t.MoveTo(RequestTaskStatus.Cancelled, now);
        }
    }

    private void Move(RequestStatus to, string? note, Guid? actorId, DateTime now)
    {
        if (!Allowed[Status].Contains(to))
        {
            throw new DomainRuleException("request.transition", $"A request that is {Describe(Status)} cannot become {Describe(to)}.", "to");
        }

        Record(RequestEventKind.StatusChanged, Describe(Status), Describe(to), note, actorId, now);
        Status = to;
        UpdatedAt = now;
    }

    // Several steps share an instant; the sequence keeps them in the order they happened.
    private void Record(RequestEventKind kind, string? from, string? to, string? note, Guid? actorId, DateTime now) =>
        events.Add(RequestEvent.Create(Id, ++EventCount, kind, from, to, note, actorId, now));

    public static string Describe<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <summary>One approver's decision on a request.</summary>
internal sealed class RequestApproval
{
    private RequestApproval()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public Guid ApproverId { get; private set; }

    public ApprovalDecision Decision { get; private set; }

    public string? Comment { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? DecidedAt { get; private set; }

    public static RequestApproval Create(Guid requestId, Guid approverId, DateTime now) =>
        new() { Id = Guid.CreateVersion7(now), RequestId = requestId, ApproverId = approverId, Decision = ApprovalDecision.Pending, CreatedAt = now };

    public void Decide(ApprovalDecision decision, string? comment, DateTime now)
    {
        Decision = decision;
        Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        DecidedAt = now;
    }
}

/// <summary>A fulfilment task of a request, created from the item's task template.</summary>
internal sealed class RequestTask
{
    public const int MaxTitle = 200;
    public const int MaxInstructions = 4_000;

    /// <summary>The task lifecycle (rule request-task.transition).</summary>
    public static readonly IReadOnlyDictionary<RequestTaskStatus, RequestTaskStatus[]> Allowed = new Dictionary<RequestTaskStatus, RequestTaskStatus[]>
    {
        [RequestTaskStatus.Waiting] = [RequestTaskStatus.Cancelled],
        [RequestTaskStatus.Open] = [RequestTaskStatus.InProgress, RequestTaskStatus.Done, RequestTaskStatus.Cancelled],
        [RequestTaskStatus.InProgress] = [RequestTaskStatus.Open, RequestTaskStatus.Done, RequestTaskStatus.Cancelled],
        [RequestTaskStatus.Done] = [],
        [RequestTaskStatus.Cancelled] = [],
    };

    private RequestTask()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public int Sequence { get; private set; }

    public string Title { get; private set; } = "";

    public string Instructions { get; private set; } = "";

    public Guid? AssignmentGroupId { get; private set; }

    public Guid? AssigneeId { get; private set; }

    public RequestTaskStatus Status { get; private set; }

    public DateTime? OpenedAt { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public bool IsOpen => Status is RequestTaskStatus.Waiting or RequestTaskStatus.Open or RequestTaskStatus.InProgress;

    public static RequestTask Create(Guid requestId, int sequence, string title, string instructions, Guid? groupId, Guid? assigneeId, bool open, DateTime now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            RequestId = requestId,
            Sequence = sequence,
            Title = title,
            Instructions = instructions,
            AssignmentGroupId = groupId,
            AssigneeId = assigneeId,
            Status = open ? RequestTaskStatus.Open : RequestTaskStatus.Waiting,
            OpenedAt = open ? now : null,
            CreatedAt = now,
            UpdatedAt = now,
        };

    public void Open(DateTime now)
    {
        Status = RequestTaskStatus.Open;
        OpenedAt = now;
        UpdatedAt = now;
    }

    public void Assign(Guid? groupId, Guid? assigneeId, DateTime now)
    {
        if (groupId == AssignmentGroupId && assigneeId == AssigneeId)
        {
            return;
        }

        if (!IsOpen)
        {
            throw new DomainRuleException("request-task.final", $"The task '{Title}' is {ServiceRequest.Describe(Status)}; it is no longer assigned.");
        }

        AssignmentGroupId = groupId;
        AssigneeId = assigneeId;
        UpdatedAt = now;
    }

    public void MoveTo(RequestTaskStatus to, DateTime now)
    {
        if (!Allowed[Status].Contains(to))
        {
            var allowed = Allowed[Status];
            throw new DomainRuleException("request-task.transition",
                $"A task that is {ServiceRequest.Describe(Status)} cannot become {ServiceRequest.Describe(to)}. Allowed: {(allowed.Length == 0 ? "none" : string.Join(", ", allowed.Select(ServiceRequest.Describe)))}.", "status");
        }

        Status = to;
        if (to is RequestTaskStatus.Done or RequestTaskStatus.Cancelled)
        {
            CompletedAt = now;
        }

        UpdatedAt = now;
    }
}

/// <summary>A comment on a request: public (the requester sees it) or a work note (staff only), optionally about one task.</summary>
internal sealed class RequestComment
{
    public const int MaxBody = 20_000;

    private RequestComment()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public Guid? TaskId { get; private set; }

    public Guid AuthorId { get; private set; }

    public string AuthorName { get; private set; } = "";

    public bool IsPublic { get; private set; }

    public string Body { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public static RequestComment Create(Guid requestId, Guid? taskId, Guid authorId, string authorName, bool isPublic, string body, DateTime now) =>
        new()
        {
            Id = Guid.CreateVersion7(now), RequestId = requestId, TaskId = taskId, AuthorId = authorId, AuthorName = authorName, IsPublic = isPublic,
            Body = IncidentComment.Clean(body), CreatedAt = now,
        };
}

/// <summary>One step in a request's history (created, status changes, decisions, task progress, priority).</summary>
internal sealed class RequestEvent
{
    public const int MaxValue = 200;
    public const int MaxNote = 2_000;

    private RequestEvent()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public int Sequence { get; private set; }

    public RequestEventKind Kind { get; private set; }

    public string? From { get; private set; }

    public string? To { get; private set; }

    public string? Note { get; private set; }

    public Guid? ActorId { get; private set; }

    public DateTime At { get; private set; }

    public static RequestEvent Create(Guid requestId, int sequence, RequestEventKind kind, string? from, string? to, string? note, Guid? actorId, DateTime at) =>
        new()
        {
            Id = Guid.CreateVersion7(at), RequestId = requestId, Sequence = sequence, Kind = kind, From = Cut(from, MaxValue), To = Cut(to, MaxValue), Note = Cut(note, MaxNote),
            ActorId = actorId, At = at,
        };

    private static string? Cut(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
