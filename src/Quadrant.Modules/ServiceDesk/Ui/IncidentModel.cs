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

    public string? AssignmentGroup { get; set; }

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
        AssignmentGroup = i.AssignmentGroup,
        AssigneeId = i.AssigneeId,
    };

    public IncidentRequest ToRequest() =>
        new(Title, Description, ServiceId, CustomerId, Category, Impact, Urgency, AssignmentGroup, AssigneeId);
}

/// <summary>What the pickers of the incident form offer.</summary>
public sealed record IncidentChoices(
    IReadOnlyList<PickerChoice> Services,
    IReadOnlyList<PickerChoice> Customers,
    IReadOnlyList<PickerChoice> Users,
    IReadOnlyList<IReadOnlyList<int>> Matrix)
{
    public static IncidentChoices Empty { get; } = new([], [], [], PriorityMatrix.Default.Rows);

    public int PriorityOf(Impact impact, Urgency urgency) => Matrix[(int)impact - 1][(int)urgency - 1];
}

/// <summary>One entry of a picker.</summary>
public sealed record PickerChoice(Guid Id, string Name);

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
        var settings = await ops.Run<Features.ServiceDeskSettingsFeature.ServiceDeskSettingsHandler, Common.Http.Outcome<Features.ServiceDeskSettingsFeature.ServiceDeskSettingsView>>(h =>
            h.Get(CancellationToken.None));
        if (current is not null)
        {
            Keep(services, current.ServiceId, current.ServiceName);
            Keep(customers, current.CustomerId, current.CustomerName);
            if (staff)
            {
                Keep(users, current.AssigneeId, current.AssigneeName);
            }
        }

        return new IncidentChoices(services, customers, users, settings.Value?.PriorityMatrix ?? PriorityMatrix.Default.Rows);
    }

    private static void Keep(List<PickerChoice> choices, Guid? id, string? name)
    {
        if (id is { } g && choices.All(c => c.Id != g))
        {
            choices.Add(new PickerChoice(g, name ?? g.ToString()));
        }
    }
}
