using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain.Offerings;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue.Features.GetOffering;

internal sealed class GetOfferingHandler(QuadrantDbContext db)
{
    public async Task<Outcome<OfferingView>> Handle(Guid serviceId, Guid id, CancellationToken ct)
    {
        var offering = await db.Set<ServiceOffering>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.ServiceId == serviceId, ct);
        return offering is null ? Problem.NotFound("offering", id) : await OfferingViews.LoadAsync(db, offering, ct);
    }
}

internal static class GetOfferingEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/services/{serviceId:guid}/offerings/{id:guid}", async (Guid serviceId, Guid id, GetOfferingHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(serviceId, id, ct)).Map(o => Results.Ok(o).WithETag(http, o.Version)))
            .WithName("GetOffering")
            .WithTags("Offerings")
            .WithSummary("Read one offering; the ETag header carries its version for If-Match")
            .Produces<OfferingView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
