using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Ui;

/// <summary>The editable fields of an incident on the form.</summary>
public sealed class IncidentModel
{
    public string? Title { get; set; }

    public string? Description { get; set; }

    public Guid? ServiceId { get; set; }

    public Guid? CustomerId { get; set; }

    public string? Category { get; set; }

    public Impact Impact { get; set; } = Impact.Medium;

    public Urgency Urgency { get; set; } = Urgency.Medium;

    public Guid? AssignmentGroupId { get; set; }

    public Guid? AssigneeId { get; set; }

    public static IncidentModel From(IncidentView i) => new()
    {
        Title = i.Title,
        Description = i.Description,
        ServiceId = i.ServiceId,
        CustomerId = i.CustomerId,
        Category = i.Category,
        Impact = i.Impact,
        Urgency = i.Urgency,
        AssignmentGroupId = i.AssignmentGroupId,
        AssigneeId = i.AssigneeId,
    };

    public IncidentRequest ToRequest() =>
        new(Title, Description, ServiceId, CustomerId, Category, Impact, Urgency, AssignmentGroupId, AssigneeId);
}

/// <summary>What the pickers of the incident form offer.</summary>
public sealed record IncidentChoices(
    IReadOnlyList<PickerChoice> Services,
    IReadOnlyList<PickerChoice> Customers,
    IReadOnlyList<PickerChoice> Users,
    IReadOnlyList<GroupChoice> Groups,
    IReadOnlyList<IReadOnlyList<int>> Matrix)
{
    public static IncidentChoices Empty { get; } = new([], [], [], [], PriorityMatrix.Default.Rows);

    /// <summary>The people the assignee picker offers: the group's members when a group is chosen, everyone otherwise.</summary>
    public IReadOnlyList<PickerChoice> AssigneesFor(Guid? groupId, Guid? current) =>
        groupId is { } g && Groups.FirstOrDefault(x => x.Id == g) is { } group
            ? Users.Where(u => group.MemberIds.Contains(u.Id) || u.Id == current).ToList()
            : Users;

    public int PriorityOf(Impact impact, Urgency urgency) => Matrix[(int)impact - 1][(int)urgency - 1];
}

/// <summary>One entry of a picker.</summary>
public sealed record PickerChoice(Guid Id, string Name);

/// <summary>An assignment group in the picker, with its members (the assignee picker narrows to them).</summary>
public sealed record GroupChoice(Guid Id, string Name, IReadOnlyList<Guid> MemberIds);

/// <summary>Loads what the incident form's pickers offer, keeping what the incident already names selectable.</summary>
internal static class IncidentChoicesLoader
{
    private const int Limit = 200;

    public static async Task<IncidentChoices> LoadAsync(Common.Ui.UiOperations ops, bool staff, IncidentView? current)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var services = (await ops.Run<Catalogue.Contracts.IServiceCatalogue, IReadOnlyList<Catalogue.Contracts.ServiceReference>>(c =>
            c.SearchServicesAsync(null, Limit, CancellationToken.None))).Select(s => new PickerChoice(s.Id, s.Name)).ToList();
        var customers = (await ops.Run<Catalogue.Contracts.IServiceCatalogue, IReadOnlyList<Catalogue.Contracts.CustomerReference>>(c =>
            c.SearchCustomersAsync(null, Limit, CancellationToken.None))).Select(c => new PickerChoice(c.Id, c.Name)).ToList();
        var users = staff
            ? (await ops.Run<Access.Contracts.IUserDirectory, IReadOnlyList<Access.Contracts.UserSummary>>(d => d.SearchAsync(null, Limit, CancellationToken.None)))
                .Where(u => u.IsActive).Select(u => new PickerChoice(u.Id, u.DisplayName)).ToList()
            : [];
        var groups = staff
            ? (await ops.Run<Features.AssignmentGroups.AssignmentGroupsHandler, Common.Http.Outcome<Common.Paging.Page<Features.AssignmentGroups.AssignmentGroupView>>>(h =>
                h.List(new Features.AssignmentGroups.ListGroupsQuery(Active: "true", Limit: "200"), CancellationToken.None))).Value?.Items
                .Select(g => new GroupChoice(g.Id, g.Name, g.Members.Select(m => m.Id).ToList())).ToList() ?? []
            : [];
        var settings = await ops.Run<Features.ServiceDeskSettingsFeature.ServiceDeskSettingsHandler, Common.Http.Outcome<Features.ServiceDeskSettingsFeature.ServiceDeskSettingsView>>(h =>
            h.Get(CancellationToken.None));
        if (current is not null)
        {
            Keep(services, current.ServiceId, current.ServiceName);
            Keep(customers, current.CustomerId, current.CustomerName);
            if (staff)
            {
                Keep(users, current.AssigneeId, current.AssigneeName);
                if (current.AssignmentGroupId is { } g && groups.All(x => x.Id != g))
                {
                    groups.Add(new GroupChoice(g, current.AssignmentGroupName ?? g.ToString(), []));
                }
            }
        }

        return new IncidentChoices(services, customers, users, groups, settings.Value?.PriorityMatrix ?? PriorityMatrix.Default.Rows);
    }

    private static void Keep(List<PickerChoice> choices, Guid? id, string? name)
    {
        if (id is { } g && choices.All(c => c.Id != g))
        {
            choices.Add(new PickerChoice(g, name ?? g.ToString()));
        }
    }
}
