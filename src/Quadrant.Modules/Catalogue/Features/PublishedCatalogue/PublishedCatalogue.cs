using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Catalogue.Domain.Offerings;
using Quadrant.Modules.Catalogue.Domain.Requirements;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Catalogue.Features.PublishedCatalogue;

/// <summary>An offering as the published catalogue shows it. <c>Customers</c> names the audience when it is restricted.</summary>
public sealed record PublishedOffering(Guid Id, string Name, string Description, OfferingAudience Audience, IReadOnlyList<string> Customers,
    string Charge, string FulfilmentTarget);

public sealed record PublishedService(
    Guid Id,
    string Name,
    string Description,
    ServiceCriticality Criticality,
    string? OwnerName,
    DateTime? LiveSince,
    string? RequirementsSummary,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> Customers,
    IReadOnlyList<PublishedOffering> Offerings);

/// <summary>The live services as any signed-in user may read them, with the offerings this viewer may see.</summary>
public sealed record PublishedCatalogueView(DateTime GeneratedAt, IReadOnlyList<PublishedService> Services);

/// <summary>
/// Builds the published catalogue: every live service, by name, with its outcomes, its customers and the
/// offerings currently offered that the viewer may see (see <see cref="OfferingVisibility"/>).
/// </summary>
internal sealed class PublishedCatalogueHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<PublishedCatalogueView>> Handle(CancellationToken ct)
    {
        if (!actor.IsAuthenticated)
        {
            return Problem.Unauthorized("Sign in to read the catalogue.");
        }

        var services = await db.Set<Service>().AsNoTracking().Where(s => s.Lifecycle == ServiceLifecycle.Live).OrderBy(s => s.Name).ToListAsync(ct);
        var ids = services.Select(s => s.Id).ToList();
        var owners = await users.FindManyAsync(services.Where(s => s.OwnerId is not null).Select(s => s.OwnerId!.Value).Distinct().ToList(), ct);

        var customersOf = (await (from cs in db.Set<CustomerService>().AsNoTracking()
                                  join c in db.Set<Customer>() on cs.CustomerId equals c.Id
                                  where ids.Contains(cs.ServiceId)
                                  orderby c.Name
                                  select new { cs.ServiceId, c.Name }).ToListAsync(ct))
            .ToLookup(x => x.ServiceId, x => x.Name);

        var offerings = await db.Set<ServiceOffering>().AsNoTracking().Where(o => ids.Contains(o.ServiceId) && o.IsOffered)
            .OrderBy(o => o.Name).ToListAsync(ct);
        var offeringIds = offerings.Select(o => o.Id).ToList();
        var audience = await (from oc in db.Set<ServiceOfferingCustomer>().AsNoTracking()
                              join c in db.Set<Customer>() on oc.CustomerId equals c.Id
                              where offeringIds.Contains(oc.OfferingId)
                              orderby c.Name
                              select new { oc.OfferingId, Customer = c }).ToListAsync(ct);
        var audienceOf = audience.ToLookup(x => x.OfferingId, x => x.Customer);

        // Latest requirements summary per service: the highest number wins.
        var summaries = (await db.Set<ServiceRequirementVersion>().AsNoTracking().Where(v => ids.Contains(v.ServiceId))
                .Select(v => new { v.ServiceId, v.Number, v.Summary }).ToListAsync(ct))
            .GroupBy(v => v.ServiceId).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Number)!.Summary);

        var staff = actor.RolesHeld.Any(r => r != Roles.Requester);
        var viewer = actor.UserId is { } userId ? await users.FindAsync(userId, ct) : null;
        var offeringsOf = offerings
            .Where(o => OfferingVisibility.CanSee(o.Audience, audienceOf[o.Id].SelectMany(c => c.ContactList().Select(x => x.Email)), viewer?.Email, staff))
            .ToLookup(o => o.ServiceId, o => new PublishedOffering(o.Id, o.Name, o.Description, o.Audience,
                o.Audience == OfferingAudience.Customers ? audienceOf[o.Id].Select(c => c.Name).ToList() : [], o.Charge, o.FulfilmentTarget));

        var published = services.Select(s => new PublishedService(
            s.Id, s.Name, s.Description, s.Criticality,
            s.OwnerId is { } o && owners.TryGetValue(o, out var owner) ? owner.DisplayName : null,
            s.LiveSince, summaries.GetValueOrDefault(s.Id), s.OutcomeList(), customersOf[s.Id].ToList(), offeringsOf[s.Id].ToList())).ToList();
        return new PublishedCatalogueView(time.UtcNow(), published);
    }
}

internal static class PublishedCatalogueEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/catalogue/published", async (PublishedCatalogueHandler handler, CancellationToken ct) => (await handler.Handle(ct)).Map(Results.Ok))
            .WithName("GetPublishedCatalogue")
            .WithTags("Published catalogue")
            .WithSummary("The published catalogue: live services with outcomes, customers and the offerings you may see")
            .Produces<PublishedCatalogueView>();

        api.MapGet("/catalogue/published.csv", async (PublishedCatalogueHandler handler, CancellationToken ct) =>
                (await handler.Handle(ct)).Map(c => Results.File(CatalogueCsv.Write(c), "text/csv; charset=utf-8", FileName(c, "csv"))))
            .WithName("ExportPublishedCatalogueCsv")
            .WithTags("Published catalogue")
            .WithSummary("The published catalogue as CSV (UTF-8, comma-separated, one row per offering)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");

        api.MapGet("/catalogue/published.pdf", async (PublishedCatalogueHandler handler, CataloguePdf pdf, CancellationToken ct) =>
                (await handler.Handle(ct)).Map(c =>
                {
                    var file = pdf.Render(c);
                    return file.Succeeded ? Results.File(file.Value!, "application/pdf", FileName(c, "pdf")) : file.Problem!.ToResult();
                }))
            .WithName("ExportPublishedCataloguePdf")
            .WithTags("Published catalogue")
            .WithSummary("The published catalogue as a PDF document")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    public static string FileName(PublishedCatalogueView catalogue, string extension) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"service-catalogue-{catalogue.GeneratedAt:yyyy-MM-dd}.{extension}");
}
