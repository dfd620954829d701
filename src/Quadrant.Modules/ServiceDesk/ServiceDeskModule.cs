using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.ServiceDesk.Features.CreateIncident;
using Quadrant.Modules.ServiceDesk.Features.GetIncident;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Features.IncidentComments;
using Quadrant.Modules.ServiceDesk.Features.IncidentKnowledge;
using Quadrant.Modules.ServiceDesk.Features.ListIncidents;
using Quadrant.Modules.ServiceDesk.Features.ServiceDeskSettingsFeature;
using Quadrant.Modules.ServiceDesk.Features.Shared;
using Quadrant.Modules.ServiceDesk.Features.TransitionIncident;
using Quadrant.Modules.ServiceDesk.Features.UpdateIncident;

namespace Quadrant.Modules.ServiceDesk;

/// <summary>The service desk (8.6): incidents, indexed for search and linked to the knowledge that solved them; requests and the portal join it.</summary>
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
        services.AddScoped<IncidentKnowledgeHandler>();
        services.AddSearchKind(IncidentSearch.SearchKind);
        services.AddSearchSource<IncidentSearchSource>();
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
        IncidentKnowledgeEndpoint.Map(api);
    }
}
