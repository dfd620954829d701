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
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;
using Quadrant.Modules.ServiceDesk.Features.Surveys;

namespace Quadrant.Modules.ServiceDesk.Features.ResolutionResponse;

public sealed record RejectResolutionRequest(string? Reason);

/// <summary>
/// The requester's answer to a resolution. Confirm closes the incident (and sends the survey). Reject,
/// with a reason, puts it back in progress and runs the resolution clock again, within the reopen
/// window; after it, 409 incident.reopen-window asks for a new incident. Only the person who reported
/// the incident answers; anyone who cannot read it gets 404.
/// </summary>
internal sealed class ResolutionResponseHandler(
    QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, IncidentMail mail, ActorContext actor, TimeProvider time)
{
    public const int MaxReason = 2_000;

    public Task<Outcome<IncidentView>> Confirm(Guid id, int expectedVersion, CancellationToken ct) => Respond(id, expectedVersion, null, ct);

    public Task<Outcome<IncidentView>> Reject(Guid id, int expectedVersion, RejectResolutionRequest request, CancellationToken ct) =>
        Respond(id, expectedVersion, request, ct);

    private async Task<Outcome<IncidentView>> Respond(Guid id, int expectedVersion, RejectResolutionRequest? reject, CancellationToken ct)
    {
        var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == id, ct);
        var access = await IncidentAccess.LoadAsync(db, actor, ct);
        if (incident is null || !access.CanRead(incident))
        {
            return Problem.NotFound("incident", id);
        }

        if (!access.IsRequesterOf(incident))
        {
            return Problem.Forbidden($"Only the person who reported {incident.Reference} confirms or rejects its resolution.");
        }

        if (reject is not null)
        {
            var check = new Check().Required("reason", reject.Reason, MaxReason);
            if (!check.IsValid)
            {
                return check.ToProblem();
            }
        }

        if (incident.Version != expectedVersion)
        {
            return Problem.StaleVersion(incident.Version);
        }

        var settings = await IncidentViews.SettingsAsync(db, time, ct);
        var now = time.UtcNow();
        var from = incident.Status;
        var before = IncidentState.Of(incident);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(incident).Property(i => i.Version).OriginalValue = expectedVersion;
        string note;
        if (reject is null)
        {
            incident.ConfirmResolution(now);
            note = "The requester confirmed the resolution.";
            await SurveyInvitations.OnClosedAsync(db, mail, incident, settings, now, ct);
        }
        else
        {
            incident.RejectResolution(TimeSpan.FromHours(settings.ReopenWindowHours), now);
            var reason = reject.Reason!.Trim();
            note = $"The requester rejected the resolution: {reason}";
            var me = await users.FindAsync(actor.UserId!.Value, ct);
            db.Add(IncidentComment.Create(incident.Id, actor.UserId!.Value, me?.DisplayName ?? actor.Name, true, $"The resolution did not solve it: {reason}", now));
        }

        IncidentHistory.Changed(db, incident, before, actor.UserId, now, note);
        await db.SaveChangesAsync(ct);
        await IncidentViews.SyncClocksAsync(clocks, incident, from, now, ct);
        await transaction.CommitAsync(ct);
        return await IncidentViews.LoadAsync(db, incident, catalogue, users, clocks, time, ct);
    }
}

internal static class ResolutionResponseEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/incidents/{id:guid}/confirm-resolution", (Guid id, ResolutionResponseHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Confirm(id, version, ct)).Map(i => Results.Ok(i).WithETag(http, i.Version))))
            .WithName("ConfirmIncidentResolution").WithTags("Incidents")
            .WithSummary("The requester confirms the resolution: the incident closes and a satisfaction survey is sent (requires If-Match)")
            .Produces<IncidentView>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/incidents/{id:guid}/reject-resolution", (Guid id, RejectResolutionRequest request, ResolutionResponseHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Reject(id, version, request, ct)).Map(i => Results.Ok(i).WithETag(http, i.Version))))
            .WithName("RejectIncidentResolution").WithTags("Incidents")
            .WithSummary("The requester rejects the resolution with a reason: back to in progress, the resolution clock runs again; within the reopen window (requires If-Match)")
            .WithDescription("After the reopen window: 409 incident.reopen-window (raise a new incident). Not resolved: 409 incident.not-resolved.")
            .Produces<IncidentView>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }
}
