using System.Text.Json;

namespace Quadrant.Modules.ServiceDesk.Domain.Requests;

/// <summary>Who may order a catalogue item.</summary>
public enum ItemAudience
{
    Everyone = 1,
    StaffOnly = 2,
}

/// <summary>How many of the approvers must approve.</summary>
public enum ApprovalMode
{
    None = 1,
    Any = 2,
    All = 3,
}

/// <summary>Whether the fulfilment tasks run one after another or all at once.</summary>
public enum TaskOrdering
{
    Sequential = 1,
    Parallel = 2,
}

/// <summary>Who approves: named people and/or the members of one assignment group (resolved when the request is raised).</summary>
public sealed record ApprovalDefinition(ApprovalMode? Mode, IReadOnlyList<Guid>? ApproverIds = null, Guid? GroupId = null)
{
    public static ApprovalDefinition None { get; } = new(ApprovalMode.None, [], null);
}

/// <summary>One fulfilment task to create for every request of the item.</summary>
public sealed record TaskTemplate(string? Title, string? Instructions = null, Guid? AssignmentGroupId = null, Guid? AssigneeId = null);

/// <summary>The fulfilment tasks of an item and their ordering.</summary>
public sealed record FulfilmentDefinition(TaskOrdering? Ordering, IReadOnlyList<TaskTemplate>? Tasks)
{
    public static FulfilmentDefinition None { get; } = new(TaskOrdering.Sequential, []);
}

/// <summary>
/// Everything a request copies from its item when it is raised (ADR 0009): later edits of the item
/// do not change requests already raised.
/// </summary>
public sealed record ItemSnapshot(
    string Name,
    int Revision,
    string Instructions,
    int? TargetMinutes,
    FormDefinition Form,
    ApprovalDefinition Approval,
    FulfilmentDefinition Fulfilment);

/// <summary>
/// A request catalogue item (8.6.2): what people may ask for, for which service, with the form they
/// fill in, who approves and which tasks fulfil it. Every edit raises <see cref="Revision"/>.
/// </summary>
internal sealed class RequestItem
{
    public const int MaxName = 200;
    public const int MaxDescription = 4_000;
    public const int MaxCategory = 100;
    public const int MaxInstructions = 4_000;
    public const int MaxDefinition = 200_000;
    public const int MaxTasks = 20;
    public const int MaxApprovers = 20;
    public const int MaxTargetMinutes = 365 * 24 * 60;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private RequestItem()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public string Category { get; private set; } = "";

    public Guid ServiceId { get; private set; }

    public bool IsActive { get; private set; } = true;

    public ItemAudience Audience { get; private set; }

    public string Instructions { get; private set; } = "";

    public int? TargetMinutes { get; private set; }

    public int DefaultPriority { get; private set; }

    public string FormJson { get; private set; } = "{}";

    public string ApprovalJson { get; private set; } = "{}";

    public string FulfilmentJson { get; private set; } = "{}";

    public int Revision { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public FormDefinition Form => JsonSerializer.Deserialize<FormDefinition>(FormJson, Json) ?? FormDefinition.Empty;

    public ApprovalDefinition Approval => JsonSerializer.Deserialize<ApprovalDefinition>(ApprovalJson, Json) ?? ApprovalDefinition.None;

    public FulfilmentDefinition Fulfilment => JsonSerializer.Deserialize<FulfilmentDefinition>(FulfilmentJson, Json) ?? FulfilmentDefinition.None;

    public bool NeedsApproval => Approval.Mode is ApprovalMode.Any or ApprovalMode.All;

    public static RequestItem Create(string name, string description, string category, Guid serviceId, bool isActive, ItemAudience audience, string instructions,
        int? targetMinutes, int defaultPriority, FormDefinition form, ApprovalDefinition approval, FulfilmentDefinition fulfilment, DateTime now)
    {
        var item = new RequestItem { Id = Guid.CreateVersion7(now), CreatedAt = now };
        item.Edit(name, description, category, serviceId, isActive, audience, instructions, targetMinutes, defaultPriority, form, approval, fulfilment, now);
        return item;
    }

    public void Edit(string name, string description, string category, Guid serviceId, bool isActive, ItemAudience audience, string instructions,
        int? targetMinutes, int defaultPriority, FormDefinition form, ApprovalDefinition approval, FulfilmentDefinition fulfilment, DateTime now)
    {
        Name = name;
        Description = description;
        Category = category;
        ServiceId = serviceId;
        IsActive = isActive;
        Audience = audience;
        Instructions = instructions;
        TargetMinutes = targetMinutes;
        DefaultPriority = defaultPriority;
        FormJson = JsonSerializer.Serialize(form, Json);
        ApprovalJson = JsonSerializer.Serialize(approval, Json);
        FulfilmentJson = JsonSerializer.Serialize(fulfilment, Json);
        Revision++;
        UpdatedAt = now;
    }

    public ItemSnapshot Snapshot() => new(Name, Revision, Instructions, TargetMinutes, Form, Approval, Fulfilment);

    public static string Serialize(ItemSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Json);

    public static ItemSnapshot Deserialize(string json) => JsonSerializer.Deserialize<ItemSnapshot>(json, Json)!;
}
