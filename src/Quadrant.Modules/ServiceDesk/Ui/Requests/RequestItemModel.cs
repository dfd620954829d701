using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.ServiceDesk.Domain.Requests;
using Quadrant.Modules.ServiceDesk.Features.RequestItems;

namespace Quadrant.Modules.ServiceDesk.Ui.Requests;

/// <summary>One field in the form editor; options are typed one per line.</summary>
public sealed class FieldModel
{
    public string? Key { get; set; }

    public string? Label { get; set; }

    public FormFieldType Type { get; set; } = FormFieldType.Text;

    public string? Help { get; set; }

    public bool Required { get; set; }

    public string? OptionsText { get; set; }

    public decimal? Min { get; set; }

    public decimal? Max { get; set; }

    public FormField ToField() => new(Key, Label, Type, Help, Required,
        RequestForms.IsChoice(Type) ? (OptionsText ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() : null,
        Type == FormFieldType.Number ? Min : null, Type == FormFieldType.Number ? Max : null);

    public static FieldModel From(FormField f) => new()
    {
        Key = f.Key, Label = f.Label, Type = f.Type ?? FormFieldType.Text, Help = f.Help, Required = f.Required,
        OptionsText = f.Options is { } o ? string.Join('\n', o) : null, Min = f.Min, Max = f.Max,
    };
}

public sealed class TaskModel
{
    public string? Title { get; set; }

    public string? Instructions { get; set; }

    public Guid? GroupId { get; set; }

    public Guid? AssigneeId { get; set; }
}

/// <summary>The catalogue item being edited.</summary>
public sealed class RequestItemModel
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Category { get; set; }

    public Guid? ServiceId { get; set; }

    public bool IsActive { get; set; } = true;

    public ItemAudience Audience { get; set; } = ItemAudience.Everyone;

    public string? Instructions { get; set; }

    public int? TargetMinutes { get; set; }

    public int DefaultPriority { get; set; } = 3;

    public List<FieldModel> Fields { get; } = [];

    public ApprovalMode ApprovalMode { get; set; } = ApprovalMode.None;

    public List<UserSummary> Approvers { get; } = [];

    public Guid? ApprovalGroupId { get; set; }

    public TaskOrdering Ordering { get; set; } = TaskOrdering.Sequential;

    public List<TaskModel> Tasks { get; } = [];

    public FormDefinition Form() => new(Fields.Select(f => f.ToField()).ToList());

    public RequestItemRequest ToRequest() => new(Name, Description, Category, ServiceId, IsActive, Audience, Instructions, TargetMinutes, DefaultPriority, Form(),
        new ApprovalDefinition(ApprovalMode, ApprovalMode == ApprovalMode.None ? [] : Approvers.Select(a => a.Id).ToList(), ApprovalMode == ApprovalMode.None ? null : ApprovalGroupId),
        new FulfilmentDefinition(Ordering, Tasks.Select(t => new TaskTemplate(t.Title, t.Instructions, t.GroupId, t.AssigneeId)).ToList()));

    public static RequestItemModel From(RequestItemView v, IReadOnlyDictionary<Guid, UserSummary> people)
    {
        var model = new RequestItemModel
        {
            Name = v.Name, Description = v.Description, Category = v.Category, ServiceId = v.ServiceId, IsActive = v.IsActive, Audience = v.Audience,
            Instructions = v.Instructions, TargetMinutes = v.TargetMinutes, DefaultPriority = v.DefaultPriority,
            ApprovalMode = v.Approval?.Mode ?? ApprovalMode.None, ApprovalGroupId = v.Approval?.GroupId, Ordering = v.Fulfilment?.Ordering ?? TaskOrdering.Sequential,
        };
        model.Fields.AddRange((v.Form.Fields ?? []).Select(FieldModel.From));
        model.Approvers.AddRange((v.Approval?.ApproverIds ?? []).Select(id => people.TryGetValue(id, out var p) ? p : new UserSummary(id, id.ToString(), "", false)));
        model.Tasks.AddRange((v.Fulfilment?.Tasks ?? []).Select(t => new TaskModel { Title = t.Title, Instructions = t.Instructions, GroupId = t.AssignmentGroupId, AssigneeId = t.AssigneeId }));
        return model;
    }
}
