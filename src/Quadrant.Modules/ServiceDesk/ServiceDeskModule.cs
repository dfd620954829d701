using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.ServiceDesk.Contracts;
using Quadrant.Modules.ServiceDesk.Features.AssignmentGroups;
using Quadrant.Modules.ServiceDesk.Features.CreateIncident;
using Quadrant.Modules.ServiceDesk.Features.GetIncident;
using Quadrant.Modules.ServiceDesk.Features.Imports;
using Quadrant.Modules.ServiceDesk.Features.IncidentComments;
using Quadrant.Modules.ServiceDesk.Features.IncidentTimeline;
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
        services.AddScoped<AssignmentGroupsHandler>();
        services.AddScoped<IAssignmentGroups, AssignmentGroupDirectory>();
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Quadrant:Imports").Get<ImportOptions>() ?? new ImportOptions());
        services.AddScoped<IRecordImporter, IncidentImporter>();
        services.AddScoped<ImportRunner>();
        services.AddScoped<ImportsHandler>();
        services.AddScoped<IncidentTimelineHandler>();
        services.AddSingleton<ImportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ImportWorker>());
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
        AssignmentGroupsEndpoint.Map(api);
        ImportsEndpoint.Map(api);
        IncidentTimelineEndpoint.Map(api);
    }
}
