using System.Globalization;
using System.Text.Json;
using MudBlazor;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.ServiceDesk.Domain.Requests;

namespace Quadrant.Modules.ServiceDesk.Ui.Requests;

/// <summary>How request states read and look on every request page.</summary>
internal static class RequestLabels
{
    public static string Of(RequestStatus status) => status switch
    {
        RequestStatus.AwaitingApproval => "Awaiting approval",
        RequestStatus.InFulfilment => "In fulfilment",
        _ => status.ToString(),
    };

    public static Color ColorOf(RequestStatus status) => status switch
    {
        RequestStatus.AwaitingApproval => Color.Warning,
        RequestStatus.Approved or RequestStatus.InFulfilment => Color.Info,
        RequestStatus.Fulfilled => Color.Success,
        RequestStatus.Rejected or RequestStatus.Cancelled => Color.Error,
        RequestStatus.Closed => Color.Dark,
        _ => Color.Default,
    };

    public static string Of(RequestTaskStatus status) => status switch
    {
        RequestTaskStatus.InProgress => "In progress",
        RequestTaskStatus.Waiting => "Waiting for the previous task",
        _ => status.ToString(),
    };

    public static Color ColorOf(RequestTaskStatus status) => status switch
    {
        RequestTaskStatus.Open => Color.Info,
        RequestTaskStatus.InProgress => Color.Primary,
        RequestTaskStatus.Done => Color.Success,
        RequestTaskStatus.Cancelled => Color.Error,
        _ => Color.Default,
    };

    public static Color ColorOf(ApprovalDecision decision) => decision switch
    {
        ApprovalDecision.Approved => Color.Success,
        ApprovalDecision.Rejected => Color.Error,
        ApprovalDecision.Pending => Color.Warning,
        _ => Color.Default,
    };

    public static string MoveLabel(RequestStatus to) => to switch
    {
        RequestStatus.Fulfilled => "Mark fulfilled",
        RequestStatus.Closed => "Close",
        RequestStatus.Cancelled => "Cancel request",
        _ => to.ToString(),
    };

    public static string TaskMove(RequestTaskStatus to) => to switch
    {
        RequestTaskStatus.InProgress => "Start",
        RequestTaskStatus.Done => "Done",
        RequestTaskStatus.Cancelled => "Cancel",
        RequestTaskStatus.Open => "Back to open",
        _ => to.ToString(),
    };

    public static string Of(FormFieldType type) => type switch
    {
        FormFieldType.Multiline => "Multi-line text",
        FormFieldType.MultiChoice => "Multiple choice",
        FormFieldType.Choice => "Single choice",
        FormFieldType.User => "Person",
        FormFieldType.Email => "E-mail",
        _ => type.ToString(),
    };

    public static string Test(string value) => JsonNamingPolicy.CamelCase.ConvertName(value);
}

/// <summary>The answers being typed into a request form, one typed slot per field.</summary>
public sealed class FormAnswers
{
    public Dictionary<string, string?> Texts { get; } = [];

    public Dictionary<string, decimal?> Numbers { get; } = [];

    public Dictionary<string, DateTime?> Dates { get; } = [];

    public Dictionary<string, HashSet<string>> Multi { get; } = [];

    public Dictionary<string, bool> Checks { get; } = [];

    public Dictionary<string, UserSummary?> Users { get; } = [];

    public void Prepare(FormDefinition form)
    {
        foreach (var f in form.Fields ?? [])
        {
            var key = f.Key ?? "";
            Texts.TryAdd(key, null);
            Numbers.TryAdd(key, null);
            Dates.TryAdd(key, null);
            Multi.TryAdd(key, []);
            Checks.TryAdd(key, false);
            Users.TryAdd(key, null);
        }
    }

    /// <summary>The answers as the API takes them; empty answers are left out.</summary>
    public Dictionary<string, JsonElement> ToJson(FormDefinition form)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var f in form.Fields ?? [])
        {
            var key = f.Key ?? "";
            object? value = f.Type switch
            {
                FormFieldType.Number => Numbers.GetValueOrDefault(key),
                FormFieldType.Date => Dates.GetValueOrDefault(key)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                FormFieldType.MultiChoice => Multi.GetValueOrDefault(key) is { Count: > 0 } set ? (f.Options ?? []).Where(set.Contains).ToList() : null,
                FormFieldType.Checkbox => Checks.GetValueOrDefault(key),
                FormFieldType.User => Users.GetValueOrDefault(key)?.Id.ToString(),
                _ => string.IsNullOrWhiteSpace(Texts.GetValueOrDefault(key)) ? null : Texts[key],
            };
            if (value is not null)
            {
                result[key] = JsonSerializer.SerializeToElement(value);
            }
        }

        return result;
    }
}
