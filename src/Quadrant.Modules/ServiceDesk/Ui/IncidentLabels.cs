using System.Globalization;
using MudBlazor;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Ui;

/// <summary>How incidents, their priorities, moves and clocks are named and coloured on the pages.</summary>
internal static class IncidentLabels
{
    /// <summary>The statuses an incident can still be worked in.</summary>
    public const string OpenStatuses = "new,assigned,inProgress,pending";

    public static string Of(IncidentStatus status) => status switch
    {
        IncidentStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    public static Color ColorOf(IncidentStatus status) => status switch
    {
        IncidentStatus.New => Color.Info,
        IncidentStatus.Assigned => Color.Secondary,
        IncidentStatus.InProgress => Color.Primary,
        IncidentStatus.Pending => Color.Warning,
        IncidentStatus.Resolved => Color.Success,
        _ => Color.Default,
    };

    public static Color PriorityColor(int priority) => priority switch
    {
        1 => Color.Error,
        2 => Color.Warning,
        3 => Color.Info,
        _ => Color.Default,
    };

    public static string Of(PendingReason reason) => reason switch
    {
        PendingReason.AwaitingCustomer => "Awaiting customer",
        PendingReason.AwaitingSupplier => "Awaiting supplier",
        PendingReason.AwaitingChange => "Awaiting change",
        _ => reason.ToString(),
    };

    public static string Of(Impact impact) => impact.ToString();

    public static string Of(Urgency urgency) => urgency.ToString();

    /// <summary>The button that makes the move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static string MoveLabel(IncidentStatus from, IncidentStatus to) => to switch
    {
        IncidentStatus.Assigned => "Assign",
        IncidentStatus.InProgress when from == IncidentStatus.Pending => "Resume",
        IncidentStatus.InProgress when from == IncidentStatus.Resolved => "Reopen",
        IncidentStatus.InProgress => "Start work",
        IncidentStatus.Pending => "Pending…",
        IncidentStatus.Resolved => "Resolve…",
        IncidentStatus.Closed => "Close",
        IncidentStatus.Cancelled => "Cancel incident…",
        _ => Of(to),
    };

    public static string MoveTestId(IncidentStatus to) => "move-" + Incident.Describe(to);

    public static string Metric(ClockMetric metric) => metric == ClockMetric.FirstResponse ? "First response" : "Resolution";

    public static Color ClockColor(string status, bool breached) => breached
        ? Color.Error
        : status switch
        {
            "Running" => Color.Primary,
            "Paused" => Color.Warning,
            _ => Color.Default,
        };
}
