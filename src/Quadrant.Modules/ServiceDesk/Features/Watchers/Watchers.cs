using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.Watchers;

public sealed record WatchRequest(Guid? UserId);

public sealed record WatcherView(Guid UserId, string? DisplayName, DateTime AddedAt);

/// <summary>Watchers: staff who are told about an incident's public comments, status changes and major updates.</summary>
internal sealed class WatchersHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<WatcherView>>> List(Guid incidentId, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor) || !await db.Set<Incident>().AnyAsync(i => i.Id == incidentId, ct))
        {
            return Problem.NotFound("incident", incidentId);
        }

        var rows = await db.Set<IncidentWatcher>().AsNoTracking().Where(w => w.IncidentId == incidentId).OrderBy(w => w.AddedAt).ToListAsync(ct);
        var people = await users.FindManyAsync(rows.Select(r => r.UserId), ct);
        return rows.Select(r => new WatcherView(r.UserId, people.TryGetValue(r.UserId, out var p) ? p.DisplayName : null, r.AddedAt)).ToList();
    }

    /// <summary>Adds the signed-in user (no userId) or another member of staff as a watcher; watching twice is fine.</summary>
    public async Task<Outcome<IReadOnlyList<WatcherView>>> Add(Guid incidentId, WatchRequest request, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor) || !await db.Set<Incident>().AnyAsync(i => i.Id == incidentId, ct))
        {
            return Problem.NotFound("incident", incidentId);
        }

        var userId = request.UserId ?? actor.UserId!.Value;
        if (request.UserId is { } other)
        {
            var user = await users.FindAsync(other, ct);
            if (user is null || !user.IsActive)
            {
                return Problem.Invalid("userId", "'userId' is not an active user.");
            }

            var staffRoles = Policies.IncidentWorkers.ToList();
            if (!(await IncidentNotices.InRolesAsync(db, staffRoles, ct)).Contains(other))
            {
                return Problem.Invalid("userId", "Watchers are members of the service desk (Agent, ProcessOwner, ServiceOwner, SmsManager, Admin).");
            }
        }

        if (!await db.Set<IncidentWatcher>().AnyAsync(w => w.IncidentId == incidentId && w.UserId == userId, ct))
        {
            db.Add(IncidentWatcher.Create(incidentId, userId, actor.UserId, time.UtcNow()));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear(); // added at the same moment by someone else: watching either way
            }
        }

        return await List(incidentId, ct);
    }

    public async Task<Outcome<bool>> Remove(Guid incidentId, string who, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor) || !await db.Set<Incident>().AnyAsync(i => i.Id == incidentId, ct))
        {
            return Problem.NotFound("incident", incidentId);
        }

        Guid userId;
        if (who == "me")
        {
            userId = actor.UserId!.Value;
        }
        else if (!Guid.TryParse(who, out userId))
        {
            return Problem.Invalid("userId", "'userId' is a user id or 'me'.");
        }

        await db.Set<IncidentWatcher>().Where(w => w.IncidentId == incidentId && w.UserId == userId).ExecuteDeleteAsync(ct);
        return true;
    }
}

internal static class WatchersEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/incidents/{id:guid}/watchers", async (Guid id, WatchersHandler handler, CancellationToken ct) => (await handler.List(id, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("ListIncidentWatchers").WithTags("Incidents")
            .WithSummary("Who watches the incident").Produces<IReadOnlyList<WatcherView>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/incidents/{id:guid}/watchers", async (Guid id, WatchRequest? request, WatchersHandler handler, CancellationToken ct) =>
                (await handler.Add(id, request ?? new WatchRequest(null), ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("WatchIncident").WithTags("Incidents")
            .WithSummary("Watch the incident (no body: yourself; userId: another member of staff)")
            .Produces<IReadOnlyList<WatcherView>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/incidents/{id:guid}/watchers/{userId}", async (Guid id, string userId, WatchersHandler handler, CancellationToken ct) =>
                (await handler.Remove(id, userId, ct)).Map(_ => Results.NoContent()))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("UnwatchIncident").WithTags("Incidents")
            .WithSummary("Stop watching (userId 'me' or a user id)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
