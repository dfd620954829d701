using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.IncidentTimeline;

/// <summary>One step of an incident's history, with the instant it happened (for an imported incident: in the source system).</summary>
public sealed record IncidentEventView(Guid Id, IncidentEventKind Kind, string? From, string? To, string? Note, Guid? ActorId, string? ActorName, DateTime At);

/// <summary>An incident's history (created or imported, status, priority, group and assignee changes), oldest first. Staff only.</summary>
internal sealed class IncidentTimelineHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor)
{
    public const int MaxEvents = 500;

    public async Task<Outcome<IReadOnlyList<IncidentEventView>>> Handle(Guid id, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor) || !await db.Set<Incident>().AnyAsync(i => i.Id == id, ct))
        {
            return Problem.NotFound("incident", id);
        }

        var events = await db.Set<IncidentEvent>().AsNoTracking().Where(e => e.IncidentId == id)
            .OrderBy(e => e.At).ThenBy(e => e.Kind == IncidentEventKind.Imported || e.Kind == IncidentEventKind.Created ? 0 : 1).ThenBy(e => e.Id)
            .Take(MaxEvents).ToListAsync(ct);
        var names = await users.FindManyAsync(events.Select(e => e.ActorId).OfType<Guid>(), ct);
        return events.Select(e => new IncidentEventView(e.Id, e.Kind, e.From, e.To, e.Note, e.ActorId,
            e.ActorId is { } a && names.TryGetValue(a, out var who) ? who.DisplayName : null, e.At)).ToList();
    }
}

internal static class IncidentTimelineEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/incidents/{id:guid}/events", async (Guid id, IncidentTimelineHandler handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(Results.Ok))
            .WithName("ListIncidentEvents")
            .WithTags("Incidents")
            .WithSummary("An incident's history, oldest first, with the instants the steps happened (staff only; at most 500)")
            .Produces<IReadOnlyList<IncidentEventView>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
