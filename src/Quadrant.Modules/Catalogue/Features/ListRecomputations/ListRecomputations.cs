using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue.Features.ListRecomputations;

public sealed record RecomputationView(
    Guid Id,
    string Reason,
    Guid? CalendarId,
    Guid? AgreementId,
    int? AgreementRevision,
    RecomputationStatus Status,
    int? Total,
    int Processed,
    int Changed,
    double? PercentDone,
    DateTime RequestedAt,
    DateTime? StartedAt,
    DateTime? HeartbeatAt,
    DateTime? FinishedAt,
    string? Error);

/// <summary>The background recomputations of open clocks, newest first, with their progress.</summary>
internal sealed class ListRecomputationsHandler(QuadrantDbContext db, ActorContext actor)
{
    public async Task<Outcome<IReadOnlyList<RecomputationView>>> Handle(CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.SlaAdmins))
        {
            return Problem.Forbidden("Seeing SLA recomputations needs the SmsManager or Admin role.");
        }

        var runs = await db.Set<ClockRecomputation>().AsNoTracking().OrderByDescending(r => r.RequestedAt).Take(50).ToListAsync(ct);
        return runs.Select(View).ToList();
    }

    public async Task<Outcome<RecomputationView>> One(Guid id, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.SlaAdmins))
        {
            return Problem.Forbidden("Seeing SLA recomputations needs the SmsManager or Admin role.");
        }

        var run = await db.Set<ClockRecomputation>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return run is null ? Problem.NotFound("recomputation", id) : View(run);
    }

    private static RecomputationView View(ClockRecomputation r) =>
        new(r.Id, r.Reason, r.CalendarId, r.AgreementId, r.AgreementRevision, r.Status, r.Total, r.Processed, r.Changed,
            r.Status == RecomputationStatus.Completed ? 100.0 : r.Total is > 0 ? Math.Round(100.0 * r.Processed / r.Total.Value, 1) : null,
            r.RequestedAt, r.StartedAt, r.HeartbeatAt, r.FinishedAt, r.Error);
}

internal static class ListRecomputationsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/sla-clocks/recomputations", async (ListRecomputationsHandler handler, CancellationToken ct) => (await handler.Handle(ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.SlaAdmin)
            .WithName("ListRecomputations")
            .WithTags("SLA clocks")
            .WithSummary("Recomputations of open clocks after calendar or agreement changes, newest first, with progress")
            .Produces<IReadOnlyList<RecomputationView>>();
        api.MapGet("/sla-clocks/recomputations/{id:guid}", async (Guid id, ListRecomputationsHandler handler, CancellationToken ct) => (await handler.One(id, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.SlaAdmin)
            .WithName("GetRecomputation")
            .WithTags("SLA clocks")
            .Produces<RecomputationView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
