using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.ServiceDesk.Contracts;
using Quadrant.Modules.ServiceDesk.Features.AssignmentGroups;
using Quadrant.Modules.ServiceDesk.Features.AutoClose;
using Quadrant.Modules.ServiceDesk.Features.PortalHome;
using Quadrant.Modules.ServiceDesk.Features.RequesterOrganization;
using Quadrant.Modules.ServiceDesk.Features.ResolutionResponse;
using Quadrant.Modules.ServiceDesk.Features.SatisfactionResults;
using Quadrant.Modules.ServiceDesk.Features.Surveys;
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
        services.AddScoped<AssignmentGroupsHandler>();
        services.AddScoped<IAssignmentGroups, AssignmentGroupDirectory>();
        services.AddScoped<ResolutionResponseHandler>();
        services.AddScoped<RequesterOrganizationHandler>();
        services.AddScoped<SurveysHandler>();
        services.AddScoped<PortalHomeHandler>();
        services.AddScoped<SatisfactionResultsHandler>();
        services.AddScoped<ISurveys, SurveyDirectory>();
        services.AddScoped<ISatisfaction, SatisfactionFigures>();
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Quadrant:ServiceDesk").Get<ServiceDeskOptions>() ?? new ServiceDeskOptions());
        services.AddSingleton<AutoCloseJob>();
        services.AddHostedService(sp => sp.GetRequiredService<AutoCloseJob>());
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
        ResolutionResponseEndpoint.Map(api);
        RequesterOrganizationEndpoint.Map(api);
        SurveysEndpoint.Map(api);
        PortalHomeEndpoint.Map(api);
        SatisfactionResultsEndpoint.Map(api);
    }
}
