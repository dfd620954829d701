using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.ApproveAgreement;

public sealed record ApproveAgreementRequest(string? ChangeNote);

/// <summary>
/// Freezes the working copy as the next numbered revision, recording who approved it and why. The
/// revision comes into force at once; clocks already running under the agreement are recomputed
/// against it by the background recomputation (their history records the target change).
/// </summary>
internal sealed class ApproveAgreementHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<AgreementView>> Handle(Guid id, int expectedVersion, ApproveAgreementRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.AgreementApprovers) || actor.UserId is not { } approverId)
        {
            return Problem.Forbidden("Approving an agreement needs the ServiceOwner, SmsManager or Admin role.");
        }

        var check = new Check().Required("changeNote", request.ChangeNote, AgreementRevision.MaxChangeNote);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var agreement = await db.Set<Agreement>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agreement is null)
        {
            return Problem.NotFound("agreement", id);
        }

        if (agreement.Version != expectedVersion)
        {
            return Problem.StaleVersion(agreement.Version);
        }

        var approver = await users.FindAsync(approverId, ct);
        var now = time.UtcNow();
        var content = await AgreementViews.WorkingCopyAsync(db, agreement, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(agreement).Property(a => a.Version).OriginalValue = expectedVersion;
        var revision = agreement.Approve(content, request.ChangeNote!.Trim(), approverId, approver?.DisplayName ?? actor.Name, now);
        db.Add(revision);
        if (revision.Number > 1 && await db.Set<ClockRecord>().AnyAsync(c => c.AgreementId == id && c.Status != ClockStatus.Stopped, ct))
        {
            db.Add(ClockRecomputation.ForAgreement(id, revision.Number, $"Agreement '{agreement.Name}' revision {revision.Number} approved", actor.UserId, now));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await AgreementViews.LoadAsync(db, users, agreement, ct);
    }
}

internal static class ApproveAgreementEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/agreements/{id:guid}/approve", (Guid id, ApproveAgreementRequest request, ApproveAgreementHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, request, ct)).Map(a => Results.Ok(a).WithETag(http, a.Version))))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("ApproveAgreement")
            .WithTags("Agreements")
            .WithSummary("Approve the working copy as the next revision (requires If-Match and a change note); it comes into force at once")
            .Produces<AgreementView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
