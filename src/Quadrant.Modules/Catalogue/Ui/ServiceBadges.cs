using MudBlazor;
using Quadrant.Modules.Catalogue.Domain;

namespace Quadrant.Modules.Catalogue.Ui;

internal static class ServiceBadges
{
    public static Color Of(ServiceLifecycle lifecycle) => lifecycle switch
    {
        ServiceLifecycle.Live => Color.Success,
        ServiceLifecycle.Pipeline => Color.Info,
        _ => Color.Default,
    };

    public static Color Of(ServiceCriticality criticality) => criticality switch
    {
        ServiceCriticality.Critical => Color.Error,
        ServiceCriticality.High => Color.Warning,
        ServiceCriticality.Medium => Color.Primary,
        _ => Color.Default,
    };
}
