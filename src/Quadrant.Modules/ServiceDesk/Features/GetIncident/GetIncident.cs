using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.GetIncident;

/// <summary>One incident. A requester sees their own (and their organization's, if granted); another's answers 404, as if it did not exist.</summary>
internal sealed class GetIncidentHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IncidentView>> Handle(Guid id, CancellationToken ct)
    {
        var incident = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null || !(await IncidentAccess.LoadAsync(db, actor, ct)).CanRead(incident))
        {
            return Problem.NotFound("incident", id);
        }

        return await IncidentViews.LoadAsync(db, incident, catalogue, users, clocks, time, ct);
    }
}

internal static class GetIncidentEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/incidents/{id:guid}", async (Guid id, GetIncidentHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(i => Results.Ok(i).WithETag(http, i.Version)))
            .WithName("GetIncident")
            .WithTags("Incidents")
            .WithSummary("One incident with its allowed transitions and SLA clocks (requesters: their own only)")
            .Produces<IncidentView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
