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
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.MajorIncidents;
using Quadrant.Modules.ServiceDesk.Features.Shared;
using Quadrant.Modules.ServiceDesk.Features.Surveys;

namespace Quadrant.Modules.ServiceDesk.Features.TransitionIncident;

/// <summary>A move through the lifecycle: <c>to</c>, with a pending reason or a resolution where needed.</summary>
public sealed record TransitionRequest(IncidentStatus? To, PendingReason? PendingReason, string? ResolutionCode, string? ResolutionNotes);

/// <summary>
/// Moves an incident through its lifecycle and its SLA clocks with it: pending pauses them with the
/// reason, leaving pending resumes them, the first move to in progress (or to resolved) stops the
/// first-response clock, resolving or cancelling stops them, reopening within the window runs the
/// resolution clock again. An impossible move is 409 naming the allowed ones.
/// </summary>
internal sealed class TransitionIncidentHandler(
    QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, IncidentMail mail, ISearchIndex search, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IncidentView>> Handle(Guid id, int expectedVersion, TransitionRequest request, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor))
        {
            return Problem.Forbidden("Moving incidents through their lifecycle needs the Agent, ProcessOwner, ServiceOwner, SmsManager or Admin role.");
        }

        var check = new Check().Required("to", request.To);
        if (request.To is { } to && !Enum.IsDefined(to))
        {
            check.Add("to", "'to' must be one of assigned, inProgress, pending, resolved, closed, cancelled.");
        }

        if (request.To == IncidentStatus.Pending)
        {
            check.Required("pendingReason", request.PendingReason);
        }

        if (request.PendingReason is { } reason && !Enum.IsDefined(reason))
        {
            check.Add("pendingReason", "'pendingReason' must be awaitingCustomer, awaitingSupplier or awaitingChange.");
        }

        if (request.To == IncidentStatus.Resolved)
        {
            check.Required("resolutionCode", request.ResolutionCode, Incident.MaxResolutionCode)
                .Required("resolutionNotes", request.ResolutionNotes, Incident.MaxResolutionNotes);
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", id);
        }

        if (incident.Version != expectedVersion)
        {
            return Problem.StaleVersion(incident.Version);
        }

        var settings = await IncidentViews.SettingsAsync(db, time, ct);
        var now = time.UtcNow();
        var from = incident.Status;
        var before = IncidentState.Of(incident);
        await MajorIncidentRules.RequireReviewAsync(db, incident, request.To!.Value, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(incident).Property(i => i.Version).OriginalValue = expectedVersion;
        incident.MoveTo(request.To!.Value, request.PendingReason, request.ResolutionCode?.Trim(), request.ResolutionNotes?.Trim(),
            TimeSpan.FromHours(settings.ReopenWindowHours), now);
        IncidentHistory.Changed(db, incident, before, actor.UserId, now, Note(request));
        await IncidentNotices.WatchersAsync(db, incident, actor.UserId, "incident.status",
            $"{Incident.Describe(from)} → {Incident.Describe(incident.Status)}", $"{incident.Title}: now {Incident.Describe(incident.Status)}.", now, ct);
        await SurveyInvitations.OnClosedAsync(db, mail, incident, settings, now, ct);
        await IncidentSearch.StageAsync(db, search, incident, ct);
        await db.SaveChangesAsync(ct);
        await IncidentViews.SyncClocksAsync(clocks, incident, from, now, ct);
        await IncidentDue.SyncAsync(db, clocks, incident.Id, now, ct);
        if (incident.Status == IncidentStatus.Resolved)
        {
            await mail.ResolvedAsync(incident, ct);
        }

        await transaction.CommitAsync(ct);
        return await IncidentViews.LoadAsync(db, incident, catalogue, users, clocks, time, ct);
    }

    private static string? Note(TransitionRequest request) => request.To switch
    {
        IncidentStatus.Pending => $"Reason: {request.PendingReason}",
        IncidentStatus.Resolved => $"Resolution: {request.ResolutionCode?.Trim()}",
        _ => null,
    };
}

internal static class TransitionIncidentEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/incidents/{id:guid}/transitions", (Guid id, TransitionRequest request, TransitionIncidentHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, request, ct)).Map(i => Results.Ok(i).WithETag(http, i.Version))))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("TransitionIncident")
            .WithTags("Incidents")
            .WithSummary("Move an incident through its lifecycle (requires If-Match); pending pauses and resolve stops its SLA clocks")
            .WithDescription("new → assigned → inProgress → pending (reason) → resolved (code and notes) → closed; cancel; reopen (resolved → inProgress) within the reopen window. 409 incident.transition names the allowed moves.")
            .Produces<IncidentView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
