using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue.Features.GetAgreement;

internal sealed class GetAgreementHandler(QuadrantDbContext db, IUserDirectory users)
{
    public async Task<Outcome<AgreementView>> Handle(Guid id, CancellationToken ct)
    {
        var agreement = await db.Set<Agreement>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        return agreement is null ? Problem.NotFound("agreement", id) : await AgreementViews.LoadAsync(db, users, agreement, ct);
    }

    public async Task<Outcome<RevisionView>> Revision(Guid id, int number, CancellationToken ct)
    {
        var revision = await db.Set<AgreementRevision>().AsNoTracking().FirstOrDefaultAsync(r => r.AgreementId == id && r.Number == number, ct);
        if (revision is null)
        {
            return new Problem(StatusCodes.Status404NotFound, "Not found.", $"Agreement '{id}' has no approved revision {number}.");
        }

        var content = revision.Snapshot();
        var services = await db.Set<Service>().AsNoTracking().Where(s => content.ServiceIds.Contains(s.Id)).OrderBy(s => s.Name)
            .Select(s => new NamedRef(s.Id, s.Name)).ToListAsync(ct);
        var customers = await db.Set<Customer>().AsNoTracking().Where(c => content.CustomerIds.Contains(c.Id)).OrderBy(c => c.Name)
            .Select(c => new NamedRef(c.Id, c.Name)).ToListAsync(ct);
        var calendar = await db.Set<BusinessCalendar>().AsNoTracking().Where(c => c.Id == content.CalendarId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        return new RevisionView(id, revision.Number, content, calendar ?? "", services, customers, revision.ChangeNote, revision.PreparedById,
            revision.ApprovedById, revision.ApprovedByName, revision.ApprovedAt);
    }
}

internal static class GetAgreementEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/agreements/{id:guid}", async (Guid id, GetAgreementHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(a => Results.Ok(a).WithETag(http, a.Version)))
            .RequireAuthorization(Policies.Staff)
            .WithName("GetAgreement")
            .WithTags("Agreements")
            .WithSummary("An agreement's working copy, the revision in force and the list of approved revisions")
            .Produces<AgreementView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/agreements/{id:guid}/revisions/{number:int}", async (Guid id, int number, GetAgreementHandler handler, CancellationToken ct) =>
                (await handler.Revision(id, number, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.Staff)
            .WithName("GetAgreementRevision")
            .WithTags("Agreements")
            .WithSummary("One approved revision exactly as it was approved, with who approved it and why")
            .Produces<RevisionView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
