using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.MajorIncidents;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.UpdateIncident;

/// <summary>Replaces an incident's fields (PUT). A new priority retargets its SLA clocks in the same transaction.</summary>
internal sealed class UpdateIncidentHandler(
    QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, IncidentMail mail, ISearchIndex search, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IncidentView>> Handle(Guid id, int expectedVersion, IncidentRequest request, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor))
        {
            return Problem.Forbidden("Changing incidents needs the Agent, ProcessOwner, ServiceOwner, SmsManager or Admin role.");
        }

        var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", id);
        }

        var check = await IncidentViews.ValidateAsync(db, request, true, catalogue, users, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        if (incident.Version != expectedVersion)
        {
            return Problem.StaleVersion(incident.Version);
        }

        var settings = await IncidentViews.SettingsAsync(db, time, ct);
        var now = time.UtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(incident).Property(i => i.Version).OriginalValue = expectedVersion;
        var before = IncidentState.Of(incident);
        var previousAssignee = incident.AssigneeId;
        var retarget = incident.Edit(request.Title!.Trim(), request.Description?.Trim() ?? "", request.ServiceId!.Value, request.CustomerId,
            request.Category?.Trim() ?? "", request.Impact ?? incident.Impact, request.Urgency ?? incident.Urgency, settings.Matrix(),
            request.AssignmentGroupId, request.AssigneeId, now);
        IncidentHistory.Changed(db, incident, before, actor.UserId, now, null);
        await IncidentSearch.StageAsync(db, search, incident, ct);
        await db.SaveChangesAsync(ct);
        if (retarget)
        {
            await IncidentViews.RetargetClocksAsync(clocks, incident, now, ct);
        }

        if (retarget)
        {
            await IncidentDue.SyncAsync(db, clocks, id, now, ct);
            await MajorIncidentRules.AutoDeclareAsync(db, catalogue, incident, actor.UserId, now, ct);
            await db.SaveChangesAsync(ct);
        }

        await mail.AssignedAsync(incident, previousAssignee, actor.UserId, ct);
        await transaction.CommitAsync(ct);
        return await IncidentViews.LoadAsync(db, incident, catalogue, users, clocks, time, ct);
    }
}

internal static class UpdateIncidentEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/incidents/{id:guid}", (Guid id, IncidentRequest request, UpdateIncidentHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, request, ct)).Map(i => Results.Ok(i).WithETag(http, i.Version))))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("UpdateIncident")
            .WithTags("Incidents")
            .WithSummary("Replace an incident's fields (requires If-Match); a new priority retargets its SLA clocks")
            .Produces<IncidentView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
