using System.Text.Json;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.ServiceDesk.Domain;

public enum IncidentStatus
{
    New = 1,
    Assigned = 2,
    InProgress = 3,
    Pending = 4,
    Resolved = 5,
    Closed = 6,
    Cancelled = 7,
}

/// <summary>Why an incident waits; each pauses the SLA clock with its reason.</summary>
public enum PendingReason
{
    AwaitingCustomer = 1,
    AwaitingSupplier = 2,
    AwaitingChange = 3,
}

/// <summary>How widely the business is affected (High = 1).</summary>
public enum Impact
{
    High = 1,
    Medium = 2,
    Low = 3,
}

/// <summary>How soon the business needs it fixed (High = 1).</summary>
public enum Urgency
{
    High = 1,
    Medium = 2,
    Low = 3,
}

public enum IncidentSource
{
    Agent = 1,
    Portal = 2,
    Email = 3,
    Api = 4,

    /// <summary>Migrated from another tool by a bulk import (its history replayed with the source's instants).</summary>
    Import = 5,
}

/// <summary>
/// Impact × urgency → priority (1 = highest). Stored as a 3×3 table, rows by impact (high, medium,
/// low), columns by urgency (high, medium, low).
/// </summary>
public sealed record PriorityMatrix(IReadOnlyList<IReadOnlyList<int>> Rows)
{
    public const int MaxPriority = 5;

    public static PriorityMatrix Default { get; } = new([[1, 2, 3], [2, 3, 4], [3, 4, 4]]);

    public int PriorityOf(Impact impact, Urgency urgency) => Rows[(int)impact - 1][(int)urgency - 1];

    public void Validate(Action<string, string> error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Rows is not { Count: 3 } || Rows.Any(r => r is not { Count: 3 }))
        {
            error("rows", "The matrix has three rows (impact high, medium, low) of three priorities (urgency high, medium, low).");
            return;
        }

        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                if (Rows[i][j] is < 1 or > MaxPriority)
                {
                    error($"rows[{i}][{j}]", $"A priority is 1 (highest) to {MaxPriority}.");
                }
            }
        }
    }

    public string ToJson() => JsonSerializer.Serialize(Rows);

    public static PriorityMatrix FromJson(string json) => new(JsonSerializer.Deserialize<List<List<int>>>(json)!.Select(r => (IReadOnlyList<int>)r).ToList());
}

/// <summary>An incident (8.6.1): an unplanned interruption or reduction in quality of a service.</summary>
internal sealed class Incident
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 20_000;
    public const int MaxCategory = 100;
    public const int MaxResolutionCode = 100;
    public const int MaxResolutionNotes = 10_000;

    /// <summary>The lifecycle: which status may follow which (rule incident.transition).</summary>
    public static readonly IReadOnlyDictionary<IncidentStatus, IncidentStatus[]> Allowed = new Dictionary<IncidentStatus, IncidentStatus[]>
    {
        [IncidentStatus.New] = [IncidentStatus.Assigned, IncidentStatus.InProgress, IncidentStatus.Pending, IncidentStatus.Resolved, IncidentStatus.Cancelled],
        [IncidentStatus.Assigned] = [IncidentStatus.InProgress, IncidentStatus.Pending, IncidentStatus.Resolved, IncidentStatus.Cancelled],
        [IncidentStatus.InProgress] = [IncidentStatus.Assigned, IncidentStatus.Pending, IncidentStatus.Resolved, IncidentStatus.Cancelled],
        [IncidentStatus.Pending] = [IncidentStatus.InProgress, IncidentStatus.Resolved, IncidentStatus.Cancelled],
        [IncidentStatus.Resolved] = [IncidentStatus.Closed, IncidentStatus.InProgress],
        [IncidentStatus.Closed] = [],
        [IncidentStatus.Cancelled] = [],
    };

    private Incident()
    {
    }

    public Guid Id { get; private set; }

    public long Number { get; private set; }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public Guid ServiceId { get; private set; }

    public Guid? CustomerId { get; private set; }

    public Guid? RequesterId { get; private set; }

    public string Category { get; private set; } = "";

    public Impact Impact { get; private set; }

    public Urgency Urgency { get; private set; }

    public int Priority { get; private set; }

    public Guid? AssignmentGroupId { get; private set; }

    public Guid? AssigneeId { get; private set; }

    public IncidentStatus Status { get; private set; }

    public PendingReason? PendingReason { get; private set; }

    public string? ResolutionCode { get; private set; }

    public string? ResolutionNotes { get; private set; }

    public IncidentSource Source { get; private set; }

    public DateTime? RespondedAt { get; private set; }

    public DateTime? ResolvedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    /// <summary>When the resolution clock is due (null: no running clock); kept in sync with the SLA clocks for the "by due" queue.</summary>
    [NotAudited]
    public DateTime? ResolutionDueAt { get; private set; }

    /// <summary><see cref="ResolutionDueAt"/> or <see cref="NoDue"/>: a non-null, indexed key so "by due" pages with nulls last.</summary>
    [NotAudited]
    public DateTime DueSort { get; private set; } = NoDue;

    /// <summary>Whether the resolution clock has breached its target.</summary>
    [NotAudited]
    public bool ResolutionBreached { get; private set; }

    /// <summary>A major incident (declared by staff or by the service desk's rule): updates, a review before closure.</summary>
    public bool IsMajor { get; private set; }

    public DateTime? MajorDeclaredAt { get; private set; }

    public static readonly DateTime NoDue = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    public static readonly IncidentStatus[] Open = [IncidentStatus.New, IncidentStatus.Assigned, IncidentStatus.InProgress, IncidentStatus.Pending];

    public string Reference => Format(Number);

    public static string Format(long number) => $"INC-{number:000000}";

    public static Incident Create(long number, string title, string description, Guid serviceId, Guid? customerId, Guid? requesterId, string category,
        Impact impact, Urgency urgency, PriorityMatrix matrix, Guid? groupId, Guid? assigneeId, IncidentSource source, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(now),
            Number = number,
            RequesterId = requesterId,
            Source = source,
            Status = IncidentStatus.New,
            CreatedAt = now,
        };
        incident.Edit(title, description, serviceId, customerId, category, impact, urgency, matrix, groupId, assigneeId, now);
        if (assigneeId is not null)
        {
            incident.Status = IncidentStatus.Assigned;
        }

        return incident;
    }

    /// <summary>Changes the fields; returns true when the priority changed (the SLA clocks retarget). Naming an assignee on a new incident assigns it.</summary>
    public bool Edit(string title, string description, Guid serviceId, Guid? customerId, string category, Impact impact, Urgency urgency,
        PriorityMatrix matrix, Guid? groupId, Guid? assigneeId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (Status is IncidentStatus.Closed or IncidentStatus.Cancelled)
        {
            throw new DomainRuleException("incident.final", $"A {Status.ToString().ToLowerInvariant()} incident cannot be changed.");
        }

        var before = Priority;
        Title = title;
        Description = description;
        ServiceId = serviceId;
        CustomerId = customerId;
        Category = category;
        Impact = impact;
        Urgency = urgency;
        Priority = matrix.PriorityOf(impact, urgency);
        AssignmentGroupId = groupId;
        AssigneeId = assigneeId;
        if (Status == IncidentStatus.New && assigneeId is not null)
        {
            Status = IncidentStatus.Assigned; // giving a new incident to someone assigns it
        }

        UpdatedAt = now;
        return before != 0 && before != Priority;
    }

    /// <summary>Moves to <paramref name="to"/> if the lifecycle allows it (rule incident.transition).</summary>
    public void MoveTo(IncidentStatus to, PendingReason? reason, string? resolutionCode, string? resolutionNotes, TimeSpan reopenWindow, DateTime now)
    {
        if (!Allowed[Status].Contains(to))
        {
            throw new DomainRuleException("incident.transition",
                $"An incident that is {Describe(Status)} cannot become {Describe(to)}. Allowed: {(Allowed[Status].Length == 0 ? "none" : string.Join(", ", Allowed[Status].Select(Describe)))}.", "to");
        }

        if (Status == IncidentStatus.Resolved && to == IncidentStatus.InProgress && ResolvedAt is { } resolved && now - resolved > reopenWindow)
        {
            throw new DomainRuleException("incident.reopen-window",
                $"The incident was resolved more than {reopenWindow.TotalDays:0.#} days ago; raise a new incident instead.", "to");
        }

        if (to == IncidentStatus.Assigned && AssigneeId is null && AssignmentGroupId is null)
        {
            throw new DomainRuleException("incident.assign-someone", "Set an assignee or an assignment group before assigning.", "assigneeId");
        }

        PendingReason = to == IncidentStatus.Pending ? reason : null;
        if (to == IncidentStatus.Resolved)
        {
            ResolutionCode = resolutionCode;
            ResolutionNotes = resolutionNotes;
            ResolvedAt = now;
        }

        if (to == IncidentStatus.InProgress && Status == IncidentStatus.Resolved)
        {
            ResolvedAt = null;
        }

        if (to is IncidentStatus.InProgress or IncidentStatus.Resolved && RespondedAt is null)
        {
            RespondedAt = now;
        }

        if (to is IncidentStatus.Closed or IncidentStatus.Cancelled)
        {
            ClosedAt = now;
        }

        Status = to;
        UpdatedAt = now;
    }

    /// <summary>Declares the incident major (rule major.final: not once closed or cancelled; rule major.already: once).</summary>
    public void DeclareMajor(DateTime now)
    {
        if (Status is IncidentStatus.Closed or IncidentStatus.Cancelled)
        {
            throw new DomainRuleException("incident.final", $"A {Describe(Status)} incident cannot be declared major.");
        }

        if (IsMajor)
        {
            throw new DomainRuleException("major.already", $"{Reference} is already a major incident.");
        }

        IsMajor = true;
        MajorDeclaredAt = now;
        UpdatedAt = now;
    }

    /// <summary>Functional escalation: the incident moves to another group; the assignee (of the old group) is cleared.</summary>
    public void Reassign(Guid groupId, DateTime now)
    {
        AssignmentGroupId = groupId;
        AssigneeId = null;
        UpdatedAt = now;
    }
    /// <summary>The requester accepts the resolution: the incident closes (rule incident.not-resolved).</summary>
    public void ConfirmResolution(DateTime now)
    {
        if (Status != IncidentStatus.Resolved)
        {
            throw new DomainRuleException("incident.not-resolved", $"{Reference} is {Describe(Status)}, not resolved: there is no resolution to confirm.");
        }

        MoveTo(IncidentStatus.Closed, null, null, null, TimeSpan.MaxValue, now);
    }

    /// <summary>
    /// The requester rejects the resolution: back to in progress (the resolution clock runs again), within
    /// the reopen window (rule incident.reopen-window; after it, a new incident is raised instead).
    /// </summary>
    public void RejectResolution(TimeSpan reopenWindow, DateTime now)
    {
        if (Status != IncidentStatus.Resolved)
        {
            throw new DomainRuleException("incident.not-resolved", $"{Reference} is {Describe(Status)}, not resolved: there is no resolution to reject.");
        }

        MoveTo(IncidentStatus.InProgress, null, null, null, reopenWindow, now);
    }

    /// <summary>Resolved and not answered by the requester for <paramref name="after"/>: closes without them (auto-close).</summary>
    public bool IsDueForAutoClose(TimeSpan after, DateTime now) => Status == IncidentStatus.Resolved && ResolvedAt is { } at && now - at >= after;

    public static string Describe(IncidentStatus status) => status switch
    {
        IncidentStatus.InProgress => "inProgress",
        _ => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString()),
    };
}

/// <summary>The service desk's settings: one row.</summary>
internal sealed class ServiceDeskSettings
{
    public const int SingletonId = 1;

    private ServiceDeskSettings()
    {
    }

    public int Id { get; private set; } = SingletonId;

    public string PriorityMatrix { get; private set; } = Domain.PriorityMatrix.Default.ToJson();

    public int ReopenWindowHours { get; private set; } = 7 * 24;

    /// <summary>Days a resolved incident waits for the requester's confirmation before it closes by itself.</summary>
    public int AutoCloseDays { get; private set; } = DefaultAutoCloseDays;

    /// <summary>Days a satisfaction survey can be answered after the incident closed.</summary>
    public int SurveyValidityDays { get; private set; } = DefaultSurveyValidityDays;

    public const int DefaultAutoCloseDays = 5;
    public const int DefaultSurveyValidityDays = 30;
    public const int MaxAutoCloseDays = 90;
    public const int MaxSurveyValidityDays = 365;

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public static ServiceDeskSettings Defaults(DateTime now) => new() { UpdatedAt = now };

    public PriorityMatrix Matrix() => Domain.PriorityMatrix.FromJson(PriorityMatrix);

    public void Update(PriorityMatrix matrix, int reopenWindowHours, int? autoCloseDays, int? surveyValidityDays, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        PriorityMatrix = matrix.ToJson();
        ReopenWindowHours = reopenWindowHours;
        AutoCloseDays = autoCloseDays ?? AutoCloseDays;
        SurveyValidityDays = surveyValidityDays ?? SurveyValidityDays;
        UpdatedAt = now;
    }
}

/// <summary>
/// A comment on an incident: public (the requester sees it) or a work note (staff only). Kept as
/// plain text; every page renders it as text, so markup in it is shown, never run.
/// </summary>
internal sealed class IncidentComment
{
    public const int MaxBody = 20_000;

    private IncidentComment()
    {
    }

    public Guid Id { get; private set; }

    public Guid IncidentId { get; private set; }

    public Guid AuthorId { get; private set; }

    public string AuthorName { get; private set; } = "";

    public bool IsPublic { get; private set; }

    public string Body { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public static IncidentComment Create(Guid incidentId, Guid authorId, string authorName, bool isPublic, string body, DateTime now) =>
        new() { Id = Guid.CreateVersion7(now), IncidentId = incidentId, AuthorId = authorId, AuthorName = authorName, IsPublic = isPublic, Body = Clean(body), CreatedAt = now };

    /// <summary>Drops control characters other than line breaks and tabs (they have no place in a comment and confuse terminals and exports).</summary>
    public static string Clean(string body) =>
        new(body.Where(c => !char.IsControl(c) || c is '\n' or '\r' or '\t').ToArray());
}
