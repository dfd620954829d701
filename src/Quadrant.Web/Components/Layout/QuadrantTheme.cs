using MudBlazor;

namespace Quadrant.Web.Components.Layout;

internal static class QuadrantTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            Secondary = "#00897b",
            AppbarBackground = "#17324d",
            Background = "#f6f8fb",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6ea8ff",
            Secondary = "#4db6ac",
            AppbarBackground = "#101a26",
        },
    };
}
