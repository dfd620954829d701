using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Requirements;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Paging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.ServiceRequirements;

/// <summary>One version of a requirements document, in full.</summary>
public sealed record RequirementVersionView(Guid ServiceId, int Number, string Summary, string Body, string ChangeNote, Guid? AuthorId,
    string AuthorName, DateTime CreatedAt);

/// <summary>A version in the list of versions: everything but the body.</summary>
public sealed record RequirementVersionSummary(int Number, string Summary, string ChangeNote, string AuthorName, DateTime CreatedAt);

/// <summary>The current requirements of a service (null before the first version). <c>Version</c> is the service's, for If-Match.</summary>
public sealed record ServiceRequirementsView(Guid ServiceId, int Version, RequirementVersionView? Current);

public sealed record SaveRequirementsRequest(string? Summary, string? Body, string? ChangeNote);

public sealed record RequirementVersionsQuery(string? Limit = null, string? Sort = null, string? Cursor = null);

public sealed record RequirementsDiffView(Guid ServiceId, int From, int To, int Added, int Removed, IReadOnlyList<DiffLine> Lines);

internal sealed class ServiceRequirementsHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    internal static readonly Keyset<ServiceRequirementVersion> Keyset = new Keyset<ServiceRequirementVersion>(v => v.Id, "-number")
        .Sort("number", v => v.Number);

    public async Task<Outcome<ServiceRequirementsView>> Current(Guid serviceId, CancellationToken ct)
    {
        var service = await db.Set<Service>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, ct);
        if (service is null)
        {
            return Problem.NotFound("service", serviceId);
        }

        var latest = await Latest(serviceId).AsNoTracking().FirstOrDefaultAsync(ct);
        return new ServiceRequirementsView(serviceId, service.Version, latest is null ? null : View(latest));
    }

    /// <summary>Writes the next version. Needs the service's version (If-Match); the service's version moves.</summary>
    public async Task<Outcome<ServiceRequirementsView>> Save(Guid serviceId, int expectedVersion, SaveRequirementsRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.CatalogueWriters))
        {
            return Problem.Forbidden("Changing the catalogue needs the ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var check = new Check()
            .Required("summary", request.Summary, ServiceRequirementVersion.MaxSummary)
            .Required("body", request.Body, ServiceRequirementVersion.MaxBody)
            .MaxLength("changeNote", request.ChangeNote, ServiceRequirementVersion.MaxChangeNote);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var service = await db.Set<Service>().FirstOrDefaultAsync(s => s.Id == serviceId, ct);
        if (service is null)
        {
            return Problem.NotFound("service", serviceId);
        }

        if (service.Version != expectedVersion)
        {
            return Problem.StaleVersion(service.Version);
        }

        var latest = await Latest(serviceId).AsNoTracking().FirstOrDefaultAsync(ct);
        var author = actor.UserId is { } userId ? await users.FindAsync(userId, ct) : null;
        var now = time.UtcNow();
        db.Entry(service).Property(s => s.Version).OriginalValue = expectedVersion;
        var version = ServiceRequirementVersion.Next(service, latest, request.Summary!.Trim(), request.Body!.TrimEnd(),
            request.ChangeNote?.Trim() ?? "", author?.Id, author?.DisplayName ?? actor.Name, now);
        // The service row changes only in its version and time; make sure it is written (and its version checked).
        db.Entry(service).Property(s => s.UpdatedAt).IsModified = true;
        db.Add(version);
        await db.SaveChangesAsync(ct);
        return new ServiceRequirementsView(serviceId, service.Version, View(version));
    }

    public async Task<Outcome<Page<RequirementVersionSummary>>> Versions(Guid serviceId, RequirementVersionsQuery query, CancellationToken ct)
    {
        var page = Keyset.Parse(query.Limit, query.Sort, query.Cursor);
        if (!page.Succeeded)
        {
            return page.Problem!;
        }

        if (!await db.Set<Service>().AnyAsync(s => s.Id == serviceId, ct))
        {
            return Problem.NotFound("service", serviceId);
        }

        var versions = db.Set<ServiceRequirementVersion>().AsNoTracking().Where(v => v.ServiceId == serviceId);
        return await Keyset.ToPageAsync(versions, page.Value!, v => new RequirementVersionSummary(v.Number, v.Summary, v.ChangeNote, v.AuthorName, v.CreatedAt), ct);
    }

    public async Task<Outcome<RequirementVersionView>> Version(Guid serviceId, int number, CancellationToken ct)
    {
        var version = await db.Set<ServiceRequirementVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.ServiceId == serviceId && v.Number == number, ct);
        return version is null
            ? new Problem(StatusCodes.Status404NotFound, "Not found.", $"Service '{serviceId}' has no requirements version {number}.")
            : View(version);
    }

    /// <summary>The line diff from version <paramref name="from"/> to version <paramref name="to"/> (numbers as sent in the query).</summary>
    public async Task<Outcome<RequirementsDiffView>> Diff(Guid serviceId, string? from, string? to, CancellationToken ct)
    {
        var check = new Check();
        var fromNumber = Number("from", from, check);
        var toNumber = Number("to", to, check);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var pair = await db.Set<ServiceRequirementVersion>().AsNoTracking()
            .Where(v => v.ServiceId == serviceId && (v.Number == fromNumber || v.Number == toNumber)).ToListAsync(ct);
        var older = pair.FirstOrDefault(v => v.Number == fromNumber);
        var newer = pair.FirstOrDefault(v => v.Number == toNumber);
        if (older is null || newer is null)
        {
            if (!await db.Set<Service>().AnyAsync(s => s.Id == serviceId, ct))
            {
                return Problem.NotFound("service", serviceId);
            }

            check.That(older is not null, "from", $"The service has no requirements version {fromNumber}.")
                .That(newer is not null, "to", $"The service has no requirements version {toNumber}.");
            return check.ToProblem();
        }

        var lines = LineDiff.Compare(Document(older), Document(newer));
        return new RequirementsDiffView(serviceId, fromNumber, toNumber, lines.Count(l => l.Kind == DiffKind.Added),
            lines.Count(l => l.Kind == DiffKind.Removed), lines);
    }

    /// <summary>The summary is part of what is compared, as the first line, so a changed summary shows in the diff.</summary>
    internal static string Document(ServiceRequirementVersion v) => $"Summary: {v.Summary}\n\n{v.Body}";

    private static int Number(string field, string? text, Check check)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            check.Add(field, $"'{field}' is required: a version number.");
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            check.Add(field, $"'{field}' must be a version number (1, 2, ...).");
        }

        return number;
    }

    private IQueryable<ServiceRequirementVersion> Latest(Guid serviceId) =>
        db.Set<ServiceRequirementVersion>().Where(v => v.ServiceId == serviceId).OrderByDescending(v => v.Number);

    private static RequirementVersionView View(ServiceRequirementVersion v) =>
        new(v.ServiceId, v.Number, v.Summary, v.Body, v.ChangeNote, v.AuthorId, v.AuthorName, v.CreatedAt);
}

internal static class ServiceRequirementsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/services/{id:guid}/requirements", async (Guid id, ServiceRequirementsHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Current(id, ct)).Map(v => Results.Ok(v).WithETag(http, v.Version)))
            .WithName("GetServiceRequirements")
            .WithTags("Service requirements")
            .WithSummary("The current version of the service's requirements (current is null before the first); the ETag is the service's")
            .Produces<ServiceRequirementsView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/services/{id:guid}/requirements", (Guid id, SaveRequirementsRequest request, ServiceRequirementsHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Save(id, version, request, ct)).Map(v => Results.Ok(v).WithETag(http, v.Version))))
            .RequireAuthorization(Policies.CatalogueWrite)
            .WithName("SaveServiceRequirements")
            .WithTags("Service requirements")
            .WithSummary("Save the requirements as a new, immutable version (requires the service's If-Match)")
            .Produces<ServiceRequirementsView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        api.MapGet("/services/{id:guid}/requirements/versions", async (Guid id, [AsParameters] RequirementVersionsQuery query, ServiceRequirementsHandler handler, CancellationToken ct) =>
                (await handler.Versions(id, query, ct)).Map(Results.Ok))
            .WithName("ListServiceRequirementVersions")
            .WithTags("Service requirements")
            .WithSummary("The versions of the service's requirements, newest first (sort: -number or number); without bodies")
            .Produces<Page<RequirementVersionSummary>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/services/{id:guid}/requirements/versions/{number:int}", async (Guid id, int number, ServiceRequirementsHandler handler, CancellationToken ct) =>
                (await handler.Version(id, number, ct)).Map(Results.Ok))
            .WithName("GetServiceRequirementVersion")
            .WithTags("Service requirements")
            .WithSummary("One version of the service's requirements, in full")
            .Produces<RequirementVersionView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/services/{id:guid}/requirements/diff", async (Guid id, string? from, string? to, ServiceRequirementsHandler handler, CancellationToken ct) =>
                (await handler.Diff(id, from, to, ct)).Map(Results.Ok))
            .WithName("DiffServiceRequirements")
            .WithTags("Service requirements")
            .WithSummary("A line diff between two versions of the service's requirements (from, to: version numbers)")
            .Produces<RequirementsDiffView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
