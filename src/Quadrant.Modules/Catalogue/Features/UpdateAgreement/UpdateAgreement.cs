using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Catalogue.Features.UpdateAgreement;

/// <summary>Replaces the working copy (PUT). For an active agreement the change waits for approval.</summary>
internal sealed class UpdateAgreementHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<AgreementView>> Handle(Guid id, int expectedVersion, AgreementRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Managing agreements needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var agreement = await db.Set<Agreement>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (agreement is null)
        {
            return Problem.NotFound("agreement", id);
        }

        var (check, validated) = await AgreementViews.ValidateAsync(request, id, db, users, ct);
        if (validated is null)
        {
            return check.ToProblem();
        }

        if (agreement.Version != expectedVersion)
        {
            return Problem.StaleVersion(agreement.Version);
        }

        var name = validated.Content.Name;
        if (name != agreement.Name && await db.Set<Agreement>().AnyAsync(a => a.Name == name && a.Id != id, ct))
        {
            return Problem.Conflict($"An agreement named '{name}' already exists.", "name", "agreement.unique-name");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Entry(agreement).Property(a => a.Version).OriginalValue = expectedVersion;
        agreement.Edit(validated.Content, actor.UserId, time.UtcNow());
        db.Entry(agreement).Property(a => a.UpdatedAt).IsModified = true;
        await AgreementViews.SetCoverageAsync(db, id, validated, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Problem.Conflict($"An agreement named '{name}' already exists.", "name", "agreement.unique-name");
        }

        await transaction.CommitAsync(ct);
        return await AgreementViews.LoadAsync(db, users, agreement, ct);
    }
}

internal static class UpdateAgreementEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/agreements/{id:guid}", (Guid id, AgreementRequest request, UpdateAgreementHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, request, ct)).Map(a => Results.Ok(a).WithETag(http, a.Version))))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("UpdateAgreement")
            .WithTags("Agreements")
            .WithSummary("Replace the working copy of an agreement (requires If-Match); an active agreement's change takes effect when approved")
            .Produces<AgreementView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
