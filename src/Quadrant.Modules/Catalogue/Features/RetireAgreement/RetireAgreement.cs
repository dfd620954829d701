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

namespace Quadrant.Modules.Catalogue.Features.RetireAgreement;

/// <summary>Stops using an agreement for new records. Clocks already running keep the targets they started with.</summary>
internal sealed class RetireAgreementHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<AgreementView>> Handle(Guid id, int expectedVersion, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.AgreementApprovers))
        {
            return Problem.Forbidden("Retiring an agreement needs the ServiceOwner, SmsManager or Admin role.");
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

        db.Entry(agreement).Property(a => a.Version).OriginalValue = expectedVersion;
        agreement.Retire(time.UtcNow());
        await db.SaveChangesAsync(ct);
        return await AgreementViews.LoadAsync(db, users, agreement, ct);
    }
}

internal static class RetireAgreementEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/agreements/{id:guid}/retire", (Guid id, RetireAgreementHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Handle(id, version, ct)).Map(a => Results.Ok(a).WithETag(http, a.Version))))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("RetireAgreement")
            .WithTags("Agreements")
            .WithSummary("Retire an agreement (requires If-Match): no new records are measured against it")
            .Produces<AgreementView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
