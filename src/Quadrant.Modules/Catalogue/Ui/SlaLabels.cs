using System.Globalization;
using MudBlazor;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Clocks;

namespace Quadrant.Modules.Catalogue.Ui;

/// <summary>How agreements, clocks and recomputations are named and coloured on the pages.</summary>
internal static class SlaLabels
{
    public static string Of(AgreementKind kind) => kind switch
    {
        AgreementKind.Sla => "SLA",
        AgreementKind.Ola => "OLA",
        AgreementKind.UnderpinningContract => "Underpinning contract",
        _ => kind.ToString(),
    };

    public static string PartyLabel(AgreementKind? kind) => kind switch
    {
        AgreementKind.Ola => "Internal team (party)",
        AgreementKind.UnderpinningContract => "Supplier (party)",
        _ => "Customer side label (optional)",
    };

    public static Color Of(AgreementStatus status) => status switch
    {
        AgreementStatus.Active => Color.Success,
        AgreementStatus.Draft => Color.Info,
        _ => Color.Default,
    };

    public static Color ClockColor(string status, bool breached) => breached
        ? Color.Error
        : status switch
        {
            "Running" => Color.Primary,
            "Paused" => Color.Warning,
            _ => Color.Default,
        };

    public static string Of(ClockMetric metric) => metric == ClockMetric.FirstResponse ? "First response" : "Resolution";

    public static Color Of(RecomputationStatus status) => status switch
    {
        RecomputationStatus.Queued => Color.Info,
        RecomputationStatus.Running => Color.Primary,
        RecomputationStatus.Completed => Color.Success,
        _ => Color.Error,
    };

    public static string Day(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
}
