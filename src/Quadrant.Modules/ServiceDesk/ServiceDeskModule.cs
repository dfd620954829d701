using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.ServiceDesk.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.EmailIntake;
using Quadrant.Modules.ServiceDesk.Features.IncidentAttachments;
using Quadrant.Modules.ServiceDesk.Features.Shared;
using Quadrant.Modules.ServiceDesk.Features.CreateIncident;
using Quadrant.Modules.ServiceDesk.Features.GetIncident;
using Quadrant.Modules.ServiceDesk.Features.IncidentComments;
using Quadrant.Modules.ServiceDesk.Features.ListIncidents;
using Quadrant.Modules.ServiceDesk.Features.ServiceDeskSettingsFeature;
using Quadrant.Modules.ServiceDesk.Features.TransitionIncident;
using Quadrant.Modules.ServiceDesk.Features.UpdateIncident;

namespace Quadrant.Modules.ServiceDesk;

/// <summary>The service desk (8.6): incidents so far; requests, knowledge and the portal join it.</summary>
public static class ServiceDeskModule
{
    public static IServiceCollection AddServiceDesk(this IServiceCollection services)
    {
        services.AddScoped<CreateIncidentHandler>();
        services.AddScoped<ListIncidentsHandler>();
        services.AddScoped<GetIncidentHandler>();
        services.AddScoped<UpdateIncidentHandler>();
        services.AddScoped<TransitionIncidentHandler>();
        services.AddScoped<ServiceDeskSettingsHandler>();
        services.AddScoped<IncidentCommentsHandler>();
        services.AddScoped<IncidentAttachmentsHandler>();
        services.AddScoped<IncidentMail>();
        services.AddScoped<IIncidentMailIntake, IncidentMailIntake>();
        services.AddScoped<ISlaClockObserver, IncidentSlaMailObserver>();
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Quadrant:Attachments").Get<AttachmentOptions>() ?? new AttachmentOptions());
        return services;
    }

    public static void MapServiceDesk(this IEndpointRouteBuilder api)
    {
        CreateIncidentEndpoint.Map(api);
        ListIncidentsEndpoint.Map(api);
        GetIncidentEndpoint.Map(api);
        UpdateIncidentEndpoint.Map(api);
        TransitionIncidentEndpoint.Map(api);
        ServiceDeskSettingsEndpoint.Map(api);
        IncidentCommentsEndpoint.Map(api);
        IncidentAttachmentsEndpoint.Map(api);
    }
}
