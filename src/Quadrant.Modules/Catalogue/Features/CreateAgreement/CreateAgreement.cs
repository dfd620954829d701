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

namespace Quadrant.Modules.Catalogue.Features.CreateAgreement;

/// <summary>Creates an agreement as a draft; nothing is measured against it until a revision is approved.</summary>
internal sealed class CreateAgreementHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<AgreementView>> Handle(AgreementRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Managing agreements needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var (check, validated) = await AgreementViews.ValidateAsync(request, null, db, users, ct);
        if (validated is null)
        {
            return check.ToProblem();
        }

        var name = validated.Content.Name;
        if (await db.Set<Agreement>().AnyAsync(a => a.Name == name, ct))
        {
            return Problem.Conflict($"An agreement named '{name}' already exists.", "name", "agreement.unique-name");
        }

        var agreement = Agreement.Create(validated.Content, actor.UserId, time.UtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(agreement);
        await AgreementViews.SetCoverageAsync(db, agreement.Id, validated, ct);
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

internal static class CreateAgreementEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/agreements", async (AgreementRequest request, CreateAgreementHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(request, ct)).Map(a => Results.Created($"/api/v1/agreements/{a.Id}", a).WithETag(http, a.Version)))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("CreateAgreement")
            .WithTags("Agreements")
            .WithSummary("Draft an SLA, OLA or underpinning contract: coverage, calendar, validity, targets, workload limits, exceptions")
            .Produces<AgreementView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
