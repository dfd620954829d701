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

namespace Quadrant.Modules.ServiceDesk.Features.CreateIncident;

/// <summary>
/// Records an incident. Staff record for anyone (source agent or API); a requester records their own
/// (source portal). It is indexed for search, and the SLA clocks of the agreement covering the service, customer and priority start
/// in the same transaction. Numbers (INC-000001, ...) are unique; a clash with a concurrent create retries.
/// </summary>
internal sealed class CreateIncidentHandler(
    QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, IncidentMail mail, ISearchIndex search, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IncidentView>> Handle(IncidentRequest request, IncidentSource source, CancellationToken ct)
    {
        if (actor.UserId is not { } me)
        {
            return Problem.Unauthorized("Sign in to record an incident.");
        }

        var staff = IncidentViews.IsStaff(actor);
        var check = await IncidentViews.ValidateAsync(db, request, staff, catalogue, users, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var settings = await IncidentViews.SettingsAsync(db, time, ct);
        // A requester who belongs to an organization reports for it (and for no other).
        var organization = staff ? null
            : await db.Set<RequesterProfile>().AsNoTracking().Where(p => p.UserId == me).Select(p => p.CustomerId).FirstOrDefaultAsync(ct);
        if (organization is { } org && request.CustomerId is { } named && named != org)
        {
            return Problem.Invalid("customerId", "You report incidents for your own organization.");
        }

        var customerId = request.CustomerId ?? organization;
        for (var attempt = 1; ; attempt++)
        {
            var now = time.UtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var number = (await db.Set<Incident>().MaxAsync(i => (long?)i.Number, ct) ?? 0) + 1;
            var incident = Incident.Create(number, request.Title!.Trim(), request.Description?.Trim() ?? "", request.ServiceId!.Value, customerId,
                me, request.Category?.Trim() ?? "", request.Impact ?? Impact.Medium, request.Urgency ?? Urgency.Medium, settings.Matrix(),
                request.AssignmentGroupId, request.AssigneeId, staff ? source : IncidentSource.Portal, now);
            db.Add(incident);
            IncidentHistory.Created(db, incident, me, now);
            try
            {
                await IncidentSearch.StageAsync(db, search, incident, ct);
                await db.SaveChangesAsync(ct);
                await clocks.StartAsync(
                    new ClockSubject(IncidentViews.RecordType, incident.Id, incident.Reference, incident.ServiceId, incident.CustomerId, incident.Priority, incident.AssigneeId),
                    now, null, ct);
                await IncidentDue.SyncAsync(db, clocks, incident.Id, now, ct);
                await MajorIncidentRules.AutoDeclareAsync(db, catalogue, incident, me, now, ct);
                await db.SaveChangesAsync(ct);
                await mail.CreatedAsync(incident, me, ct);

                await transaction.CommitAsync(ct);
                return await IncidentViews.LoadAsync(db, incident, catalogue, users, clocks, time, ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) && attempt < 5)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
    }
}

internal static class CreateIncidentEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/incidents", async (IncidentRequest request, CreateIncidentHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(request, IncidentSource.Api, ct)).Map(i => Results.Created($"/api/v1/incidents/{i.Id}", i).WithETag(http, i.Version)))
            .WithName("CreateIncident")
            .WithTags("Incidents")
            .WithSummary("Record an incident; its priority follows the impact × urgency matrix and its SLA clocks start")
            .Produces<IncidentView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
