using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.RequesterOrganization;

public sealed record RequesterOrganizationView(Guid UserId, string? UserName, Guid? CustomerId, string? CustomerName, bool SeesOrganizationIncidents,
    DateTime? UpdatedAt, int Version);

public sealed record RequesterOrganizationRequest(Guid? CustomerId, bool? SeesOrganizationIncidents);

/// <summary>
/// Links a portal user to the customer organization they belong to, and grants (or withdraws) reading
/// that organization's incidents. An explicit link rather than matching e-mail addresses against the
/// customer's contacts: see docs/adr/0009-requester-organization-link.md.
/// </summary>
internal sealed class RequesterOrganizationHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<RequesterOrganizationView>> Get(Guid userId, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.RequesterAdmins) && actor.UserId != userId)
        {
            return Problem.Forbidden("Requesters' organizations are managed by the SmsManager or Admin role.");
        }

        var user = await users.FindAsync(userId, ct);
        if (user is null)
        {
            return Problem.NotFound("user", userId);
        }

        var profile = await db.Set<RequesterProfile>().AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        return await ViewAsync(user, profile, ct);
    }

    /// <summary>Every person linked to an organization, by name (for the admin page).</summary>
    public async Task<Outcome<IReadOnlyList<RequesterOrganizationView>>> List(CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.RequesterAdmins))
        {
            return Problem.Forbidden("Requesters' organizations are managed by the SmsManager or Admin role.");
        }

        var profiles = await db.Set<RequesterProfile>().AsNoTracking().Take(1000).ToListAsync(ct);
        var people = await users.FindManyAsync(profiles.Select(p => p.UserId), ct);
        var names = await catalogue.NamesAsync(profiles.Select(p => p.CustomerId).OfType<Guid>().Distinct(), ct);
        return profiles.Select(p => new RequesterOrganizationView(p.UserId, people.TryGetValue(p.UserId, out var u) ? u.DisplayName : null, p.CustomerId,
                p.CustomerId is { } c ? names.GetValueOrDefault(c) : null, p.SeesOrganizationIncidents, p.UpdatedAt, p.Version))
            .OrderBy(v => v.UserName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<Outcome<RequesterOrganizationView>> Set(Guid userId, int expectedVersion, RequesterOrganizationRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.RequesterAdmins))
        {
            return Problem.Forbidden("Linking requesters to organizations needs the SmsManager or Admin role.");
        }

        var check = new Check().Required("seesOrganizationIncidents", request.SeesOrganizationIncidents)
            .That(request.SeesOrganizationIncidents != true || request.CustomerId is not null, "customerId",
                "Seeing the organization's incidents needs an organization: set customerId.");
        if (request.CustomerId is { } customerId && await catalogue.FindCustomerAsync(customerId, ct) is null)
        {
            check.Add("customerId", $"'{customerId}' is not a customer.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var user = await users.FindAsync(userId, ct);
        if (user is null)
        {
            return Problem.NotFound("user", userId);
        }

        var now = time.UtcNow();
        var profile = await db.Set<RequesterProfile>().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is null)
        {
            if (expectedVersion != 1)
            {
                return Problem.StaleVersion(1);
            }

            profile = RequesterProfile.Create(userId, now);
            db.Add(profile);
        }
        else
        {
            if (profile.Version != expectedVersion)
            {
                return Problem.StaleVersion(profile.Version);
            }

            db.Entry(profile).Property(p => p.Version).OriginalValue = expectedVersion;
        }

        profile.Set(request.CustomerId, request.SeesOrganizationIncidents!.Value, now);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(user, profile, ct);
    }

    private async Task<RequesterOrganizationView> ViewAsync(UserSummary user, RequesterProfile? profile, CancellationToken ct)
    {
        var customer = profile?.CustomerId is { } c ? await catalogue.FindCustomerAsync(c, ct) : null;
        return new RequesterOrganizationView(user.Id, user.DisplayName, profile?.CustomerId, customer?.Name, profile?.SeesOrganizationIncidents ?? false,
            profile?.UpdatedAt, profile?.Version ?? 1);
    }
}

internal static class RequesterOrganizationEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/requesters/organizations", async (RequesterOrganizationHandler handler, CancellationToken ct) => (await handler.List(ct)).Map(Results.Ok))
            .WithName("ListRequesterOrganizations").WithTags("Portal")
            .WithSummary("Everyone linked to a customer organization, with their grant (SmsManager, Admin)")
            .Produces<IReadOnlyList<RequesterOrganizationView>>().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/requesters/{userId:guid}/organization", async (Guid userId, RequesterOrganizationHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Get(userId, ct)).Map(v => Results.Ok(v).WithETag(http, v.Version)))
            .WithName("GetRequesterOrganization").WithTags("Portal")
            .WithSummary("The customer organization a user belongs to and whether they see its incidents (SmsManager, Admin; or the user themselves)")
            .Produces<RequesterOrganizationView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/requesters/{userId:guid}/organization", (Guid userId, RequesterOrganizationRequest request, RequesterOrganizationHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Set(userId, version, request, ct)).Map(v => Results.Ok(v).WithETag(http, v.Version))))
            .WithName("SetRequesterOrganization").WithTags("Portal")
            .WithSummary("Link a user to a customer organization and grant or withdraw its incidents (requires If-Match; \"1\" for a user never linked; SmsManager, Admin)")
            .Produces<RequesterOrganizationView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }
}
