using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.ServiceDesk.Features.DecideRequest;
using Quadrant.Modules.ServiceDesk.Features.GetRequest;
using Quadrant.Modules.ServiceDesk.Features.ListRequests;
using Quadrant.Modules.ServiceDesk.Features.RaiseRequest;
using Quadrant.Modules.ServiceDesk.Features.RequestComments;
using Quadrant.Modules.ServiceDesk.Features.RequestItems;
using Quadrant.Modules.ServiceDesk.Features.RequestTasks;
using Quadrant.Modules.ServiceDesk.Features.TransitionRequest;

namespace Quadrant.Modules.ServiceDesk.Features.Requests;

/// <summary>Service requests (8.6.2): the catalogue, requests, approvals, tasks. Kept apart so ServiceDeskModule stays a list of areas.</summary>
internal static class RequestsRegistration
{
    public static IServiceCollection AddRequests(this IServiceCollection services)
    {
        services.AddScoped<RequestItemsHandler>();
        services.AddScoped<RaiseRequestHandler>();
        services.AddScoped<ListRequestsHandler>();
        services.AddScoped<GetRequestHandler>();
        services.AddScoped<TransitionRequestHandler>();
        services.AddScoped<DecideRequestHandler>();
        services.AddScoped<RequestTasksHandler>();
        services.AddScoped<RequestCommentsHandler>();
        return services;
    }

    public static void MapRequests(this IEndpointRouteBuilder api)
    {
        RequestItemsEndpoint.Map(api);
        RaiseRequestEndpoint.Map(api);
        ListRequestsEndpoint.Map(api);
        GetRequestEndpoint.Map(api);
        TransitionRequestEndpoint.Map(api);
        DecideRequestEndpoint.Map(api);
        RequestTasksEndpoint.Map(api);
        RequestCommentsEndpoint.Map(api);
    }
}
