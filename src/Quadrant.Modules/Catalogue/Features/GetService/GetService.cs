using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue.Features.GetService;

internal sealed class GetServiceHandler(QuadrantDbContext db, IUserDirectory users)
{
    public async Task<Outcome<ServiceView>> Handle(Guid id, CancellationToken ct)
    {
        var service = await db.Set<Service>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return service is null ? Problem.NotFound("service", id) : await ServiceViews.LoadAsync(service, users, ct);
    }
}

internal static class GetServiceEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/services/{id:guid}", async (Guid id, GetServiceHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(id, ct)).Map(s => Results.Ok(s).WithETag(http, s.Version)))
            .WithName("GetService")
            .WithTags("Services")
            .WithSummary("Read one service; the ETag header carries its version for If-Match")
            .Produces<ServiceView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
