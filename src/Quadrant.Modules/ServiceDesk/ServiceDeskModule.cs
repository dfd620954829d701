using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.ServiceDesk.Contracts;
using Quadrant.Modules.ServiceDesk.Features.AssignmentGroups;
using Quadrant.Modules.ServiceDesk.Features.BulkUpdate;
using Quadrant.Modules.ServiceDesk.Features.Escalation;
using Quadrant.Modules.ServiceDesk.Features.MajorIncidents;
using Quadrant.Modules.ServiceDesk.Features.SavedViews;
using Quadrant.Modules.ServiceDesk.Features.Shared;
using Quadrant.Modules.ServiceDesk.Features.Timeline;
using Quadrant.Modules.ServiceDesk.Features.Watchers;
using Quadrant.Modules.ServiceDesk.Features.AutoClose;
using Quadrant.Modules.ServiceDesk.Features.PortalHome;
using Quadrant.Modules.ServiceDesk.Features.RequesterOrganization;
using Quadrant.Modules.ServiceDesk.Features.ResolutionResponse;
using Quadrant.Modules.ServiceDesk.Features.SatisfactionResults;
using Quadrant.Modules.ServiceDesk.Features.Surveys;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.EmailIntake;
using Quadrant.Modules.ServiceDesk.Features.IncidentAttachments;
using Quadrant.Modules.ServiceDesk.Features.CreateIncident;
using Quadrant.Modules.ServiceDesk.Features.GetIncident;
using Quadrant.Modules.ServiceDesk.Features.Imports;
using Quadrant.Modules.ServiceDesk.Features.IncidentComments;
using Quadrant.Modules.ServiceDesk.Features.IncidentLinks;
using Quadrant.Modules.ServiceDesk.Features.IncidentTimeline;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Features.IncidentKnowledge;
using Quadrant.Modules.ServiceDesk.Features.ListIncidents;
using Quadrant.Modules.ServiceDesk.Features.RequestShared;
using Quadrant.Modules.ServiceDesk.Features.Requests;
using Quadrant.Modules.ServiceDesk.Features.ServiceDeskSettingsFeature;
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
        services.AddScoped<AssignmentGroupsHandler>();
        services.AddScoped<IAssignmentGroups, AssignmentGroupDirectory>();

        // The agent workspace: queues by due, saved views, bulk changes, escalation, major incidents, watchers, the timeline.
        services.AddScoped<SavedViewsHandler>();
        services.AddScoped<BulkUpdateHandler>();
        services.AddScoped<EscalationRulesHandler>();
        services.AddScoped<MajorIncidentsHandler>();
        services.AddScoped<WatchersHandler>();
        services.AddScoped<IncidentLinksHandler>();
        services.AddScoped<TimelineHandler>();
        services.AddScoped<ITimelineSource, CommentTimeline>();
        services.AddScoped<ITimelineSource, HistoryTimeline>();
        services.AddScoped<ITimelineSource, MajorUpdateTimeline>();
        services.AddScoped<ITimelineSource, SlaTimeline>();
        services.AddScoped<ITimelineSource, AuditTimeline>();
        services.AddScoped<ITimelineSource, MailTimeline>();
        services.AddScoped<IncidentClockObserver>();
        services.AddScoped<ISlaClockDueObserver>(sp => sp.GetRequiredService<IncidentClockObserver>());
        services.AddScoped<ISlaClockObserver>(sp => sp.GetRequiredService<IncidentClockObserver>());
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Quadrant:ServiceDesk").Get<ServiceDeskOptions>() ?? new ServiceDeskOptions());
        services.AddSingleton<EscalationJob>();
        services.AddHostedService(sp => sp.GetRequiredService<EscalationJob>());
        services.AddRequests();
        services.AddScoped<ResolutionResponseHandler>();
        services.AddScoped<RequesterOrganizationHandler>();
        services.AddScoped<SurveysHandler>();
        services.AddScoped<PortalHomeHandler>();
        services.AddScoped<SatisfactionResultsHandler>();
        services.AddScoped<ISurveys, SurveyDirectory>();
        services.AddScoped<ISatisfaction, SatisfactionFigures>();
        services.AddSingleton<AutoCloseJob>();
        services.AddHostedService(sp => sp.GetRequiredService<AutoCloseJob>());
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Quadrant:Imports").Get<ImportOptions>() ?? new ImportOptions());
        services.AddScoped<IRecordImporter, IncidentImporter>();
        services.AddScoped<ImportRunner>();
        services.AddScoped<ImportsHandler>();
        services.AddScoped<IncidentTimelineHandler>();
        services.AddSingleton<ImportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ImportWorker>());
        services.AddScoped<IncidentAttachmentsHandler>();
        services.AddScoped<IncidentMail>();
        services.AddScoped<IIncidentMailIntake, IncidentMailIntake>();
        services.AddScoped<ISlaClockObserver, IncidentSlaMailObserver>();
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Quadrant:Attachments").Get<AttachmentOptions>() ?? new AttachmentOptions());
        services.AddScoped<IncidentKnowledgeHandler>();
        services.AddSearchKind(IncidentSearch.SearchKind);
        services.AddSearchSource<IncidentSearchSource>();
        services.AddSearchKind(RequestSearch.SearchKind);
        services.AddSearchSource<RequestSearchSource>();
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
        SavedViewsEndpoint.Map(api);
        BulkUpdateEndpoint.Map(api);
        EscalationRulesEndpoint.Map(api);
        MajorIncidentsEndpoint.Map(api);
        WatchersEndpoint.Map(api);
        IncidentLinksEndpoint.Map(api);
        TimelineEndpoint.Map(api);
        api.MapRequests();
        ResolutionResponseEndpoint.Map(api);
        RequesterOrganizationEndpoint.Map(api);
        SurveysEndpoint.Map(api);
        PortalHomeEndpoint.Map(api);
        SatisfactionResultsEndpoint.Map(api);
        ImportsEndpoint.Map(api);
        IncidentTimelineEndpoint.Map(api);
        IncidentAttachmentsEndpoint.Map(api);
        IncidentKnowledgeEndpoint.Map(api);
    }
}
