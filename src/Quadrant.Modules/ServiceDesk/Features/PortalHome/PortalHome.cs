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
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;
using Quadrant.Modules.ServiceDesk.Features.Surveys;

namespace Quadrant.Modules.ServiceDesk.Features.PortalHome;

/// <summary>An incident as the portal lists it, with its status in plain words.</summary>
public sealed record PortalIncident(Guid Id, string Reference, string Title, IncidentStatus Status, string StatusText, string? ServiceName,
    string? RequesterName, DateTime CreatedAt, DateTime UpdatedAt, string? ResolutionNotes, DateTime? AutoCloseAt, int Version);

/// <summary>What a requester's portal home shows.</summary>
public sealed record PortalHomeView(
    IReadOnlyList<PortalIncident> ToConfirm,
    IReadOnlyList<SurveyView> Surveys,
    IReadOnlyList<PortalIncident> Open,
    IReadOnlyList<PortalIncident> Recent,
    string? OrganizationName,
    IReadOnlyList<PortalIncident> Organization);

/// <summary>Status wording for people who do not know ITSM terms.</summary>
public static class PortalWords
{
    public static string Status(IncidentStatus status) => status switch
    {
        IncidentStatus.New => "Received – waiting for the service desk",
        IncidentStatus.Assigned => "Assigned to a specialist",
        IncidentStatus.InProgress => "We are working on it",
        IncidentStatus.Pending => "On hold – waiting for information",
        IncidentStatus.Resolved => "Solved – please confirm",
        IncidentStatus.Closed => "Closed",
        IncidentStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };
}

/// <summary>
/// The portal home of the signed-in person: resolutions waiting for their confirmation, surveys to
/// answer, their open and recently finished incidents, and (when granted) their organization's open ones.
/// </summary>
internal sealed class PortalHomeHandler(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ActorContext actor, SurveysHandler surveys, TimeProvider time)
{
    public async Task<Outcome<PortalHomeView>> Handle(CancellationToken ct)
    {
        if (actor.UserId is not { } me)
        {
            return Problem.Unauthorized("Sign in to use the portal.");
        }

        var settings = await IncidentViews.SettingsAsync(db, time, ct);
        var mine = db.Set<Incident>().AsNoTracking().Where(i => i.RequesterId == me);
        var toConfirm = await mine.Where(i => i.Status == IncidentStatus.Resolved).OrderBy(i => i.ResolvedAt).Take(50).ToListAsync(ct);
        var open = await mine.Where(i => i.Status == IncidentStatus.New || i.Status == IncidentStatus.Assigned || i.Status == IncidentStatus.InProgress
                || i.Status == IncidentStatus.Pending)
            .OrderByDescending(i => i.CreatedAt).Take(50).ToListAsync(ct);
        var recent = await mine.Where(i => i.Status == IncidentStatus.Closed || i.Status == IncidentStatus.Cancelled)
            .OrderByDescending(i => i.UpdatedAt).Take(5).ToListAsync(ct);

        var profile = await db.Set<RequesterProfile>().AsNoTracking().FirstOrDefaultAsync(p => p.UserId == me && p.SeesOrganizationIncidents, ct);
        List<Incident> organization = [];
        string? organizationName = null;
        if (profile?.CustomerId is { } org)
        {
            organizationName = (await catalogue.FindCustomerAsync(org, ct))?.Name;
            organization = await db.Set<Incident>().AsNoTracking()
                .Where(i => i.CustomerId == org && i.RequesterId != me && i.Status != IncidentStatus.Closed && i.Status != IncidentStatus.Cancelled)
                .OrderByDescending(i => i.CreatedAt).Take(20).ToListAsync(ct);
        }

        var all = toConfirm.Concat(open).Concat(recent).Concat(organization).ToList();
        var names = await catalogue.NamesAsync(all.Select(i => i.ServiceId).Distinct(), ct);
        var people = await users.FindManyAsync(organization.Select(i => i.RequesterId).OfType<Guid>().Distinct(), ct);
        var autoClose = TimeSpan.FromDays(settings.AutoCloseDays);
        PortalIncident View(Incident i) => new(i.Id, i.Reference, i.Title, i.Status, PortalWords.Status(i.Status), names.GetValueOrDefault(i.ServiceId),
            i.RequesterId is { } r && people.TryGetValue(r, out var p) ? p.DisplayName : null, i.CreatedAt, i.UpdatedAt,
            i.Status == IncidentStatus.Resolved ? i.ResolutionNotes : null, i.Status == IncidentStatus.Resolved ? i.ResolvedAt + autoClose : null, i.Version);
        var pending = (await surveys.Mine(ct)).Value ?? [];
        return new PortalHomeView(toConfirm.Select(View).ToList(), pending, open.Select(View).ToList(), recent.Select(View).ToList(),
            organizationName, organization.Select(View).ToList());
    }
}

internal static class PortalHomeEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/portal", async (PortalHomeHandler handler, CancellationToken ct) => (await handler.Handle(ct)).Map(Results.Ok))
            .WithName("PortalHome").WithTags("Portal")
            .WithSummary("The signed-in person's portal: resolutions to confirm, surveys to answer, open and recent incidents, their organization's open incidents (if granted)")
            .Produces<PortalHomeView>();
}
