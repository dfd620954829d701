using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.IncidentLinks;

/// <summary>Relate an incident to another, by id or by its reference (INC-000123).</summary>
public sealed record LinkRequest(Guid? RelatedId, string? Reference);

public sealed record RelatedIncidentView(Guid Id, string Reference, string Title, IncidentStatus Status, int Priority, bool IsMajor, DateTime LinkedAt);

/// <summary>
/// Related incidents (the same outage reported twice, a cause and its effects). Staff read and change
/// them; a link goes both ways and is written (or removed) for both incidents at once, with a line in
/// each one's history. Linking twice changes nothing.
/// </summary>
internal sealed class IncidentLinksHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<RelatedIncidentView>>> List(Guid incidentId, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor) || !await db.Set<Incident>().AnyAsync(i => i.Id == incidentId, ct))
        {
            return Problem.NotFound("incident", incidentId);
        }

        return await ViewsAsync(incidentId, ct);
    }

    public async Task<Outcome<IReadOnlyList<RelatedIncidentView>>> Add(Guid incidentId, LinkRequest request, CancellationToken ct)
    {
        var incident = IncidentViews.IsStaff(actor) ? await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct) : null;
        if (incident is null)
        {
            return Problem.NotFound("incident", incidentId);
        }

        var check = new Check().That(request.RelatedId is not null ^ !string.IsNullOrWhiteSpace(request.Reference), "relatedId",
            "Name the related incident by 'relatedId' or by 'reference' (INC-000123), one of the two.");
        Incident? related = null;
        if (check.IsValid && request.RelatedId is { } rid)
        {
            related = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == rid, ct);
            check.That(related is not null, "relatedId", $"'{rid}' is not an incident.");
        }
        else if (check.IsValid)
        {
            var text = request.Reference!.Trim().ToUpperInvariant();
            var number = text.StartsWith("INC-", StringComparison.Ordinal) && long.TryParse(text[4..], out var n) ? n : (long?)null;
            related = number is { } value ? await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Number == value, ct) : null;
            check.That(related is not null, "reference", $"'{ImportSafe(request.Reference)}' is not an incident reference (INC-000123).");
        }

        if (related is not null)
        {
            check.That(related.Id != incidentId, related.Id == request.RelatedId ? "relatedId" : "reference", "An incident cannot be related to itself.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        if (!await db.Set<IncidentLink>().AnyAsync(l => l.IncidentId == incidentId && l.RelatedId == related!.Id, ct))
        {
            if (await db.Set<IncidentLink>().CountAsync(l => l.IncidentId == incidentId, ct) >= IncidentLink.MaxLinks)
            {
                return Problem.Conflict($"{incident.Reference} already has {IncidentLink.MaxLinks} related incidents.", "relatedId", "incident.links-full");
            }

            var now = time.UtcNow();
            var (forward, back) = IncidentLink.Between(incidentId, related!.Id, actor.UserId, now);
            db.AddRange(forward, back);
            db.Add(IncidentEvent.Create(incidentId, IncidentEventKind.Linked, null, related.Reference, related.Title, actor.UserId, now));
            db.Add(IncidentEvent.Create(related.Id, IncidentEventKind.Linked, null, incident.Reference, incident.Title, actor.UserId, now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear(); // linked by someone else at the same moment: the link exists, which is what was asked
            }
        }

        return await ViewsAsync(incidentId, ct);
    }

    public async Task<Outcome<bool>> Remove(Guid incidentId, Guid relatedId, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor))
        {
            return Problem.NotFound("incident", incidentId);
        }

        var rows = await db.Set<IncidentLink>()
            .Where(l => (l.IncidentId == incidentId && l.RelatedId == relatedId) || (l.IncidentId == relatedId && l.RelatedId == incidentId)).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return Problem.NotFound("incident link", relatedId);
        }

        var references = await db.Set<Incident>().AsNoTracking().Where(i => i.Id == incidentId || i.Id == relatedId)
            .ToDictionaryAsync(i => i.Id, i => i.Reference, ct);
        var now = time.UtcNow();
        db.RemoveRange(rows);
        db.Add(IncidentEvent.Create(incidentId, IncidentEventKind.Unlinked, references.GetValueOrDefault(relatedId), null, null, actor.UserId, now));
        db.Add(IncidentEvent.Create(relatedId, IncidentEventKind.Unlinked, references.GetValueOrDefault(incidentId), null, null, actor.UserId, now));
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<List<RelatedIncidentView>> ViewsAsync(Guid incidentId, CancellationToken ct)
    {
        var rows = await db.Set<IncidentLink>().AsNoTracking().Where(l => l.IncidentId == incidentId)
            .Join(db.Set<Incident>(), l => l.RelatedId, i => i.Id, (l, i) => new { l.CreatedAt, i.Id, i.Number, i.Title, i.Status, i.Priority, i.IsMajor })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Number)
            .Select(r => new RelatedIncidentView(r.Id, Incident.Format(r.Number), r.Title, r.Status, r.Priority, r.IsMajor, r.CreatedAt)).ToList();
    }

    private static string ImportSafe(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

internal static class IncidentLinksEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/incidents/{id:guid}/links", async (Guid id, IncidentLinksHandler handler, CancellationToken ct) => (await handler.List(id, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("ListRelatedIncidents").WithTags("Incidents")
            .WithSummary("The incidents related to this one (staff)")
            .Produces<IReadOnlyList<RelatedIncidentView>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/incidents/{id:guid}/links", async (Guid id, LinkRequest request, IncidentLinksHandler handler, CancellationToken ct) =>
                (await handler.Add(id, request, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("RelateIncident").WithTags("Incidents")
            .WithSummary("Relate another incident (by relatedId or reference); both incidents list each other. Linking twice changes nothing.")
            .Produces<IReadOnlyList<RelatedIncidentView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/incidents/{id:guid}/links/{relatedId:guid}", async (Guid id, Guid relatedId, IncidentLinksHandler handler, CancellationToken ct) =>
                (await handler.Remove(id, relatedId, ct)).Map(_ => Results.NoContent()))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("UnrelateIncident").WithTags("Incidents")
            .WithSummary("Remove the relation between two incidents (both directions)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
