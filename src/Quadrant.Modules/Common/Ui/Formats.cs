using System.Globalization;

namespace Quadrant.Modules.Common.Ui;

/// <summary>How durations and instants read on every page.</summary>
public static class Formats
{
    /// <summary>Business minutes as "2 h 5 min" or "1 d 3 h 0 min" (negative with a leading minus sign).</summary>
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
}
