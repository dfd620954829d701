using System.Text.Json;
using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.ServiceDesk.Domain;

/// <summary>A named queue filter and sort (the query string of /incidents), personal or shared with everyone.</summary>
internal sealed class IncidentQueueView
{
    public const int MaxName = 100;
    public const int MaxQuery = 1000;

    private IncidentQueueView()
    {
    }

    public Guid Id { get; private set; }

    public Guid OwnerId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The list's query string without limit and cursor, e.g. <c>status=new,assigned&amp;sort=due</c>.</summary>
    public string Query { get; private set; } = "";

    public bool IsShared { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public static IncidentQueueView Create(Guid ownerId, string name, string query, bool shared, DateTime now) =>
        new() { Id = Guid.CreateVersion7(now), OwnerId = ownerId, Name = name, Query = query, IsShared = shared, CreatedAt = now, UpdatedAt = now };

    public void Update(string name, string query, bool shared, DateTime now)
    {
        Name = name;
        Query = query;
        IsShared = shared;
        UpdatedAt = now;
    }
}

public enum EscalationTrigger
{
    /// <summary>Threshold is the percent of the resolution target elapsed (1–100).</summary>
    PercentElapsed = 1,

    /// <summary>Threshold is minutes before the resolution due instant (0 = at due).</summary>
    MinutesBeforeDue = 2,
}

public enum EscalationAction
{
    /// <summary>Reassign to another assignment group.</summary>
    Functional = 1,

    /// <summary>Notify the group's manager and named users.</summary>
    Hierarchic = 2,
}

/// <summary>An escalation rule: for open incidents of these priorities, when the trigger is reached, do the action once per incident.</summary>
internal sealed class EscalationRule
{
    public const int MaxName = 100;

    private EscalationRule()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Comma list of priorities, e.g. "1,2".</summary>
    public string Priorities { get; private set; } = "";

    public EscalationTrigger Trigger { get; private set; }

    public int Threshold { get; private set; }

    public EscalationAction Action { get; private set; }

    public Guid? TargetGroupId { get; private set; }

    public bool NotifyManager { get; private set; }

    /// <summary>Comma list of user ids also told (hierarchic).</summary>
    public string NotifyUserIds { get; private set; } = "";

    public bool IsActive { get; private set; } = true;

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public IReadOnlyList<int> PriorityList => Priorities.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();

    public IReadOnlyList<Guid> NotifyUsers => NotifyUserIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();

    public static EscalationRule Create(DateTime now) => new() { Id = Guid.CreateVersion7(now) };

    public void Set(string name, IEnumerable<int> priorities, EscalationTrigger trigger, int threshold, EscalationAction action, Guid? targetGroupId,
        bool notifyManager, IEnumerable<Guid> notifyUsers, bool active, DateTime now)
    {
        Name = name;
        Priorities = string.Join(',', priorities.Distinct().Order());
        Trigger = trigger;
        Threshold = threshold;
        Action = action;
        TargetGroupId = action == EscalationAction.Functional ? targetGroupId : null;
        NotifyManager = action == EscalationAction.Hierarchic && notifyManager;
        NotifyUserIds = action == EscalationAction.Hierarchic ? string.Join(',', notifyUsers.Distinct()) : "";
        IsActive = active;
        UpdatedAt = now;
    }
}

/// <summary>A rule fired for an incident; unique (rule, incident), so a rule fires once per incident even with several nodes.</summary>
[NotAuditedEntity]
internal sealed class EscalationFiring
{
    private EscalationFiring()
    {
    }

    public Guid Id { get; private set; }

    public Guid RuleId { get; private set; }

    public Guid IncidentId { get; private set; }

    public DateTime FiredAt { get; private set; }

    public static EscalationFiring Create(Guid ruleId, Guid incidentId, DateTime now) =>
        new() { Id = Guid.CreateVersion7(now), RuleId = ruleId, IncidentId = incidentId, FiredAt = now };
}

/// <summary>Someone of the service desk who is told about an incident's public comments, status changes and major updates.</summary>
[NotAuditedEntity]
internal sealed class IncidentWatcher
{
    private IncidentWatcher()
    {
    }

    public Guid IncidentId { get; private set; }

    public Guid UserId { get; private set; }

    public Guid? AddedBy { get; private set; }

    public DateTime AddedAt { get; private set; }

    public static IncidentWatcher Create(Guid incidentId, Guid userId, Guid? addedBy, DateTime now) =>
        new() { IncidentId = incidentId, UserId = userId, AddedBy = addedBy, AddedAt = now };
}

/// <summary>One recipient of a communicated major-incident update.</summary>
public sealed record CommunicationRecipient(string Kind, Guid Id, string Name, string? Email);

/// <summary>
/// A status update of a major incident, posted by its manager. When communicated, the affected
/// customers and contacts are recorded with the instant; delivery (e-mail) reads <see cref="DeliveredAt"/> null rows.
/// </summary>
internal sealed class MajorIncidentUpdate
{
    public const int MaxBody = 10_000;

    private MajorIncidentUpdate()
    {
    }

    public Guid Id { get; private set; }

    public Guid IncidentId { get; private set; }

    public Guid AuthorId { get; private set; }

    public string AuthorName { get; private set; } = "";

    public string Body { get; private set; } = "";

    public bool Communicated { get; private set; }

    /// <summary>JSON array of <see cref="CommunicationRecipient"/>.</summary>
    public string Recipients { get; private set; } = "[]";

    public DateTime? CommunicatedAt { get; private set; }

    /// <summary>When the update's e-mails were handed to the mail outbox (which sends and retries them), for the contacts with an address.</summary>
    public DateTime? DeliveredAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public IReadOnlyList<CommunicationRecipient> RecipientList =>
        JsonSerializer.Deserialize<List<CommunicationRecipient>>(Recipients) ?? [];

    public static MajorIncidentUpdate Create(Guid incidentId, Guid authorId, string authorName, string body, IReadOnlyList<CommunicationRecipient>? recipients, DateTime now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            IncidentId = incidentId,
            AuthorId = authorId,
            AuthorName = authorName,
            Body = IncidentComment.Clean(body),
            Communicated = recipients is not null,
            Recipients = JsonSerializer.Serialize(recipients ?? []),
            CommunicatedAt = recipients is null ? null : now,
            CreatedAt = now,
        };

    public void MarkDelivered(DateTime now) => DeliveredAt = now;
}

/// <summary>An action agreed in a post-incident review.</summary>
public sealed record ReviewAction(string Description, Guid? OwnerId, DateOnly? DueDate);

/// <summary>The post-incident review of a major incident; a completed one is required before closure (rule major.review-required).</summary>
internal sealed class PostIncidentReview
{
    public const int MaxText = 10_000;

    private PostIncidentReview()
    {
    }

    public Guid IncidentId { get; private set; }

    public string Summary { get; private set; } = "";

    public string RootCause { get; private set; } = "";

    public string WentWell { get; private set; } = "";

    public string WentBadly { get; private set; } = "";

    /// <summary>JSON array of <see cref="ReviewAction"/>.</summary>
    public string Actions { get; private set; } = "[]";

    public DateTime? CompletedAt { get; private set; }

    public Guid? CompletedBy { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public IReadOnlyList<ReviewAction> ActionList => JsonSerializer.Deserialize<List<ReviewAction>>(Actions) ?? [];

    public static PostIncidentReview Create(Guid incidentId, DateTime now) => new() { IncidentId = incidentId, UpdatedAt = now };

    public void Update(string summary, string rootCause, string wentWell, string wentBadly, IReadOnlyList<ReviewAction> actions, bool complete, Guid? by, DateTime now)
    {
        Summary = summary;
        RootCause = rootCause;
        WentWell = wentWell;
        WentBadly = wentBadly;
        Actions = JsonSerializer.Serialize(actions);
        if (complete && CompletedAt is null)
        {
            CompletedAt = now;
            CompletedBy = by;
        }
        else if (!complete)
        {
            CompletedAt = null;
            CompletedBy = null;
        }

        UpdatedAt = now;
    }
}

/// <summary>Major-incident settings (one row): the declaration rule and who is told.</summary>
internal sealed class MajorIncidentSettings
{
    public const int SingletonId = 1;

    private MajorIncidentSettings()
    {
    }

    public int Id { get; private set; } = SingletonId;

    /// <summary>Declare automatically at this priority or higher (1 = only P1); null = never automatically.</summary>
    public int? AutoPriority { get; private set; }

    /// <summary>Comma list of service criticalities the rule applies to (e.g. "critical,high").</summary>
    public string AutoCriticalities { get; private set; } = "critical";

    /// <summary>Comma list of user ids told on declaration; empty = everyone with the SmsManager or ServiceOwner role.</summary>
    public string NotifyUserIds { get; private set; } = "";

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public IReadOnlyList<string> Criticalities => AutoCriticalities.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<Guid> NotifyUsers => NotifyUserIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();

    public static MajorIncidentSettings Defaults(DateTime now) => new() { UpdatedAt = now };

    public void Update(int? autoPriority, IEnumerable<string> criticalities, IEnumerable<Guid> notify, DateTime now)
    {
        AutoPriority = autoPriority;
        AutoCriticalities = string.Join(',', criticalities.Select(c => c.ToLowerInvariant()).Distinct());
        NotifyUserIds = string.Join(',', notify.Distinct());
        UpdatedAt = now;
    }

    public bool Applies(int priority, string criticality) =>
        AutoPriority is { } p && priority <= p && Criticalities.Contains(criticality, StringComparer.OrdinalIgnoreCase);
}
