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

    /// <summary>Business minutes as "2 h 5 min" (negative with a leading minus).</summary>
    public static string Minutes(double minutes)
    {
        var span = TimeSpan.FromMinutes(Math.Abs(minutes));
        var text = span.TotalDays >= 1
            ? $"{(int)span.TotalDays} d {span.Hours} h {span.Minutes} min"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{Math.Round(span.TotalMinutes, 1).ToString(CultureInfo.InvariantCulture)} min";
        return minutes < 0 ? "−" + text : text;
    }

    public static string Instant(DateTime? value) =>
        value?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "—";

    public static string Day(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
}
