using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Jobs;
using Quadrant.Modules.Common.Ui;

namespace Quadrant.Modules.Common;

/// <summary>Cross-cutting services every module uses: the actor, the audit trail, problem details, UI operations.</summary>
public static class CommonModule
{
    public static IServiceCollection AddCommon(this IServiceCollection services)
    {
        services.AddScoped<ActorContext>();
        services.AddScoped<ListAuditHandler>();
        services.AddScoped<VerifyAuditHandler>();
        services.AddScoped<UiOperations>();
        services.AddScoped<Notifications.NotificationsHandler>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddSingleton<JobMetrics>();
        services.AddSingleton<IdempotencyCleanupJob>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyCleanupJob>());
        return services;
    }

    public static void MapCommon(this IEndpointRouteBuilder api)
    {
        AuditEndpoints.Map(api);
        Notifications.NotificationEndpoints.Map(api);
    }
}
