using System.Text.Json;
using System.Text.Json.Serialization;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Domain.Agreements;

/// <summary>Who the agreement is with (8.3.3 service level agreements, 8.3.4.2 OLAs and underpinning contracts).</summary>
public enum AgreementKind
{
    /// <summary>Service level agreement with one or more customers.</summary>
    Sla = 1,

    /// <summary>Operational level agreement with an internal team.</summary>
    Ola = 2,

    /// <summary>Underpinning contract with an external supplier.</summary>
    UnderpinningContract = 3,
}

public enum AgreementStatus
{
    /// <summary>Never approved: nothing is measured against it yet.</summary>
    Draft = 1,

    /// <summary>An approved revision is in force; new records are measured against it within its validity.</summary>
    Active = 2,

    /// <summary>No longer used for new records; clocks already running keep their targets.</summary>
    Retired = 3,
}

public enum WorkloadMeasure
{
    Incidents = 1,
    Requests = 2,
    All = 3,
}

public enum LimitPeriod
{
    Day = 1,
    Week = 2,
    Month = 3,
}

/// <summary>Targets for one priority (1 = highest), in business minutes of the agreement's calendar.</summary>
public sealed record PriorityTarget(int Priority, int? FirstResponseMinutes, int? ResolutionMinutes);

/// <summary>Agreed availability of one covered service, in percent over the measurement period.</summary>
public sealed record AvailabilityTarget(Guid ServiceId, decimal Percent);

/// <summary>A limit on the demand the customer may place (e.g. at most 400 requests per month).</summary>
public sealed record WorkloadLimit(WorkloadMeasure Measure, int Limit, LimitPeriod Period, string? Note);

/// <summary>The measurable terms of an agreement. Warning thresholds are percentages of a target (1–99), ascending.</summary>
public sealed record AgreementTerms(
    IReadOnlyList<PriorityTarget> PriorityTargets,
    IReadOnlyList<AvailabilityTarget> AvailabilityTargets,
    IReadOnlyList<WorkloadLimit> WorkloadLimits,
    IReadOnlyList<string> Exceptions,
    IReadOnlyList<int> WarningThresholds)
{
    public const int MaxPriority = 5;
    public const int MaxTargetMinutes = 366 * 24 * 60;
    public const int MaxExceptions = 50;
    public const int MaxException = 1000;

    public static AgreementTerms Empty { get; } = new([], [], [], [], [75, 90]);

    /// <summary>The target for a priority and metric, or null when the agreement sets none.</summary>
    public int? TargetMinutes(int priority, ClockMetric metric) =>
        PriorityTargets.FirstOrDefault(t => t.Priority == priority) is { } t
            ? metric == ClockMetric.FirstResponse ? t.FirstResponseMinutes : t.ResolutionMinutes
            : null;

    /// <summary>Reports every problem as (field, message); <paramref name="serviceIds"/> are the services the agreement covers.</summary>
    public void Validate(IReadOnlyCollection<Guid> serviceIds, Action<string, string> error)
    {
        ArgumentNullException.ThrowIfNull(serviceIds);
        ArgumentNullException.ThrowIfNull(error);
        var targets = PriorityTargets ?? [];
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            var f = $"terms.priorityTargets[{i}]";
            if (t is null)
            {
                error(f, "A target cannot be null.");
                continue;
            }

            if (t.Priority is < 1 or > MaxPriority)
            {
                error($"{f}.priority", $"Priority must be 1 (highest) to {MaxPriority}.");
            }
            else if (targets.Take(i).Any(o => o?.Priority == t.Priority))
            {
                error($"{f}.priority", $"Priority {t.Priority} has targets twice.");
            }

            if (t.FirstResponseMinutes is null && t.ResolutionMinutes is null)
            {
                error(f, "Give a first-response target, a resolution target or both.");
            }

            CheckMinutes($"{f}.firstResponseMinutes", t.FirstResponseMinutes, error);
            CheckMinutes($"{f}.resolutionMinutes", t.ResolutionMinutes, error);
            if (t.FirstResponseMinutes is { } fr && t.ResolutionMinutes is { } rs && fr > 0 && rs > 0 && fr > rs)
            {
                error($"{f}.firstResponseMinutes", "The first response cannot be due after the resolution.");
            }
        }

        var availability = AvailabilityTargets ?? [];
        for (var i = 0; i < availability.Count; i++)
        {
            var a = availability[i];
            var f = $"terms.availabilityTargets[{i}]";
            if (a is null)
            {
                error(f, "A target cannot be null.");
                continue;
            }

            if (!serviceIds.Contains(a.ServiceId))
            {
                error($"{f}.serviceId", "Availability can only be agreed for a service the agreement covers.");
            }
            else if (availability.Take(i).Any(o => o?.ServiceId == a.ServiceId))
            {
                error($"{f}.serviceId", "This service has an availability target twice.");
            }

            if (a.Percent is <= 0 or > 100)
            {
                error($"{f}.percent", "Availability must be more than 0 and at most 100 percent.");
            }
            else if (decimal.Round(a.Percent, 3) != a.Percent)
            {
                error($"{f}.percent", "Availability has at most three decimals (e.g. 99.95).");
            }
        }

        var limits = WorkloadLimits ?? [];
        for (var i = 0; i < limits.Count; i++)
        {
            var l = limits[i];
            var f = $"terms.workloadLimits[{i}]";
            if (l is null)
            {
                error(f, "A limit cannot be null.");
                continue;
            }

            if (!Enum.IsDefined(l.Measure))
            {
                error($"{f}.measure", "Measure must be incidents, requests or all.");
            }

            if (!Enum.IsDefined(l.Period))
            {
                error($"{f}.period", "Period must be day, week or month.");
            }

            if (l.Limit <= 0)
            {
                error($"{f}.limit", "A workload limit must be a positive number.");
            }

            if (l.Note is { Length: > 500 })
            {
                error($"{f}.note", "A note has at most 500 characters.");
            }

            if (limits.Take(i).Any(o => o is not null && o.Measure == l.Measure && o.Period == l.Period))
            {
                error(f, "This measure and period has a limit twice.");
            }
        }

        var exceptions = Exceptions ?? [];
        if (exceptions.Count > MaxExceptions)
        {
            error("terms.exceptions", $"At most {MaxExceptions} exceptions.");
        }

        for (var i = 0; i < exceptions.Count && i < MaxExceptions; i++)
        {
            if (string.IsNullOrWhiteSpace(exceptions[i]))
            {
                error($"terms.exceptions[{i}]", "An exception cannot be empty.");
            }
            else if (exceptions[i].Length > MaxException)
            {
                error($"terms.exceptions[{i}]", $"An exception has at most {MaxException} characters.");
            }
        }

        var thresholds = WarningThresholds ?? [];
        if (thresholds.Count > 5)
        {
            error("terms.warningThresholds", "At most 5 warning thresholds.");
        }

        for (var i = 0; i < thresholds.Count; i++)
        {
            if (thresholds[i] is < 1 or > 99)
            {
                error($"terms.warningThresholds[{i}]", "A warning threshold is a percentage of the target from 1 to 99.");
            }
            else if (i > 0 && thresholds[i] <= thresholds[i - 1])
            {
                error($"terms.warningThresholds[{i}]", "Warning thresholds must be in ascending order without repeats.");
            }
        }
    }

    /// <summary>The same terms with trimmed texts and sorted targets.</summary>
    public AgreementTerms Normalized() => new(
        (PriorityTargets ?? []).OrderBy(t => t.Priority).ToList(),
        (AvailabilityTargets ?? []).ToList(),
        (WorkloadLimits ?? []).Select(l => l with { Note = string.IsNullOrWhiteSpace(l.Note) ? null : l.Note.Trim() }).ToList(),
        (Exceptions ?? []).Select(e => e.Trim()).ToList(),
        (WarningThresholds ?? []).ToList());

    private static void CheckMinutes(string field, int? minutes, Action<string, string> error)
    {
        if (minutes is { } m && (m <= 0 || m > MaxTargetMinutes))
        {
            error(field, $"A target is a positive number of business minutes, at most {MaxTargetMinutes}.");
        }
    }
}

/// <summary>
/// Everything an agreement says, as approved in one revision: the record of what was agreed, kept
/// unchanged. Clocks are measured against the snapshot of the revision in force.
/// </summary>
public sealed record AgreementSnapshot(
    string Name,
    AgreementKind Kind,
    string Party,
    Guid CalendarId,
    DateOnly ValidFrom,
    DateOnly? ValidUntil,
    DateOnly? ReviewDate,
    Guid? OwnerId,
    IReadOnlyList<Guid> ServiceIds,
    IReadOnlyList<Guid> CustomerIds,
    AgreementTerms Terms,
    string Document)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public bool IsValidOn(DateOnly day) => ValidFrom <= day && (ValidUntil is null || day <= ValidUntil);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static AgreementSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<AgreementSnapshot>(json, Json) ?? throw new InvalidOperationException("Empty agreement snapshot.");
}

/// <summary>
/// An SLA, OLA or underpinning contract. The fields here are the working copy that people edit;
/// approving it freezes a numbered <see cref="AgreementRevision"/>, and the latest approved revision is
/// the one in force. Editing an active agreement therefore never changes what is measured until the
/// change is approved.
/// </summary>
internal sealed class Agreement
{
    public const int MaxName = 200;
    public const int MaxParty = 200;
    public const int MaxDocument = 100_000;

    private Agreement()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public AgreementKind Kind { get; private set; }

    public AgreementStatus Status { get; private set; }

    /// <summary>OLA: the internal team; underpinning contract: the supplier; SLA: optional label of the customer side.</summary>
    public string Party { get; private set; } = "";

    public Guid? OwnerId { get; private set; }

    public Guid CalendarId { get; private set; }

    public DateOnly ValidFrom { get; private set; }

    public DateOnly? ValidUntil { get; private set; }

    public DateOnly? ReviewDate { get; private set; }

    /// <summary>The terms as JSON (see <see cref="AgreementTerms"/>).</summary>
    public string Terms { get; private set; } = "{}";

    /// <summary>The agreement text (Markdown).</summary>
    public string Document { get; private set; } = "";

    /// <summary>The latest approved revision number; null while a draft.</summary>
    public int? RevisionInForce { get; private set; }

    /// <summary>The working copy differs from the revision in force.</summary>
    public bool HasUnapprovedChanges { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    [NotAudited]
    public Guid? UpdatedById { get; private set; }

    public int Version { get; private set; } = 1;

    public static Agreement Create(AgreementSnapshot content, Guid? by, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(content);
        var agreement = new Agreement { Id = Guid.CreateVersion7(now), CreatedAt = now, Status = AgreementStatus.Draft, Kind = content.Kind };
        agreement.Apply(content, by, now);
        return agreement;
    }

    public AgreementTerms TermsValue() => JsonSerializer.Deserialize<AgreementTerms>(Terms, AgreementSnapshot.Json) ?? AgreementTerms.Empty;

    /// <summary>Rule agreement.retired-is-final and agreement.kind-fixed.</summary>
    public void Edit(AgreementSnapshot content, Guid? by, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (Status == AgreementStatus.Retired)
        {
            throw new DomainRuleException("agreement.retired-is-final", "A retired agreement cannot be edited.");
        }

        if (content.Kind != Kind)
        {
            throw new DomainRuleException("agreement.kind-fixed", "The kind of an agreement cannot change; create a new agreement instead.", "kind");
        }

        Apply(content, by, now);
        HasUnapprovedChanges = true;
    }

    /// <summary>Freezes the working copy as the next revision (rule agreement.approve-changes: something must be new).</summary>
    public AgreementRevision Approve(AgreementSnapshot workingCopy, string changeNote, Guid approver, string approverName, DateTime now)
    {
        if (Status == AgreementStatus.Retired)
        {
            throw new DomainRuleException("agreement.retired-is-final", "A retired agreement cannot be approved.");
        }

        if (RevisionInForce is not null && !HasUnapprovedChanges)
        {
            throw new DomainRuleException("agreement.nothing-to-approve", "The revision in force already says this; there is nothing new to approve.");
        }

        var number = (RevisionInForce ?? 0) + 1;
        RevisionInForce = number;
        HasUnapprovedChanges = false;
        Status = AgreementStatus.Active;
        UpdatedAt = now;
        return AgreementRevision.Create(Id, number, workingCopy, changeNote, UpdatedById, approver, approverName, now);
    }

    public void Retire(DateTime now)
    {
        if (Status == AgreementStatus.Retired)
        {
            throw new DomainRuleException("agreement.retired-is-final", "The agreement is already retired.");
        }

        Status = AgreementStatus.Retired;
        UpdatedAt = now;
    }

    private void Apply(AgreementSnapshot c, Guid? by, DateTime now)
    {
        Name = c.Name;
        Party = c.Party;
        OwnerId = c.OwnerId;
        CalendarId = c.CalendarId;
        ValidFrom = c.ValidFrom;
        ValidUntil = c.ValidUntil;
        ReviewDate = c.ReviewDate;
        Terms = JsonSerializer.Serialize(c.Terms, AgreementSnapshot.Json);
        Document = c.Document;
        UpdatedAt = now;
        UpdatedById = by;
    }
}

/// <summary>One approved version of an agreement: never changed after it is written.</summary>
internal sealed class AgreementRevision
{
    public const int MaxChangeNote = 2000;

    private AgreementRevision()
    {
    }

    public Guid AgreementId { get; private set; }

    public int Number { get; private set; }

    /// <summary>The approved content as JSON (<see cref="AgreementSnapshot"/>).</summary>
    public string Content { get; private set; } = "";

    public string ChangeNote { get; private set; } = "";

    /// <summary>Who last edited the working copy before approval.</summary>
    public Guid? PreparedById { get; private set; }

    public Guid ApprovedById { get; private set; }

    public string ApprovedByName { get; private set; } = "";

    public DateTime ApprovedAt { get; private set; }

    public static AgreementRevision Create(Guid agreementId, int number, AgreementSnapshot content, string changeNote, Guid? preparedBy, Guid approver, string approverName, DateTime now) =>
        new()
        {
            AgreementId = agreementId,
            Number = number,
            Content = content.ToJson(),
            ChangeNote = changeNote,
            PreparedById = preparedBy,
            ApprovedById = approver,
            ApprovedByName = approverName,
            ApprovedAt = now,
        };

    public AgreementSnapshot Snapshot() => AgreementSnapshot.FromJson(Content);
}

/// <summary>A service the agreement's working copy covers, recorded in its history by name.</summary>
internal sealed class AgreementService : IAuditedAsPartOf
{
    private AgreementService()
    {
    }

    public Guid AgreementId { get; private set; }

    public Guid ServiceId { get; private set; }

    public string ServiceName { get; private set; } = "";

    string IAuditedAsPartOf.OwnerRecordType => nameof(Agreement);

    Guid IAuditedAsPartOf.OwnerRecordId => AgreementId;

    string IAuditedAsPartOf.Field => "services";

    string IAuditedAsPartOf.Value => ServiceName;

    public static AgreementService Create(Guid agreementId, Guid serviceId, string serviceName) =>
        new() { AgreementId = agreementId, ServiceId = serviceId, ServiceName = serviceName };
}

/// <summary>A customer the agreement's working copy covers, recorded in its history by name.</summary>
internal sealed class AgreementCustomer : IAuditedAsPartOf
{
    private AgreementCustomer()
    {
    }

    public Guid AgreementId { get; private set; }

    public Guid CustomerId { get; private set; }

    public string CustomerName { get; private set; } = "";

    string IAuditedAsPartOf.OwnerRecordType => nameof(Agreement);

    Guid IAuditedAsPartOf.OwnerRecordId => AgreementId;

    string IAuditedAsPartOf.Field => "customers";

    string IAuditedAsPartOf.Value => CustomerName;

    public static AgreementCustomer Create(Guid agreementId, Guid customerId, string customerName) =>
        new() { AgreementId = agreementId, CustomerId = customerId, CustomerName = customerName };
}
