using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.ListIncidents;

namespace Quadrant.Modules.ServiceDesk.Features.SavedViews;

public sealed record SavedViewRequest(string? Name, string? Query, bool? IsShared);

public sealed record SavedViewView(Guid Id, string Name, string Query, bool IsShared, Guid OwnerId, bool Mine, bool CanEdit, DateTime UpdatedAt, int Version);

/// <summary>
/// Saved queue views: a name for a filter + sort of the incident queue. Personal by default; a
/// ServiceDeskAdmin may share one with everyone (and is the only one who may change or delete a shared one).
/// </summary>
internal sealed class SavedViewsHandler(QuadrantDbContext db, ListIncidentsHandler list, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<SavedViewView>>> List(CancellationToken ct)
    {
        if (!IsStaff())
        {
            return Problem.Forbidden("Saved queue views are for the service desk.");
        }

        var me = actor.UserId;
        var views = await db.Set<IncidentQueueView>().AsNoTracking().Where(v => v.OwnerId == me || v.IsShared)
            .OrderBy(v => v.IsShared).ThenBy(v => v.Name).ToListAsync(ct);
        return views.Select(View).ToList();
    }

    public async Task<Outcome<SavedViewView>> Create(SavedViewRequest request, CancellationToken ct)
    {
        if (!IsStaff())
        {
            return Problem.Forbidden("Saved queue views are for the service desk.");
        }

        var (check, query) = await ValidateAsync(request, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var name = request.Name!.Trim();
        if (await db.Set<IncidentQueueView>().AnyAsync(v => v.OwnerId == actor.UserId && v.Name == name, ct))
        {
            return Problem.Conflict($"You already have a view named '{name}'.", "name", "view.name-taken");
        }

        var view = IncidentQueueView.Create(actor.UserId!.Value, name, query, request.IsShared == true, time.UtcNow());
        db.Add(view);
        await db.SaveChangesAsync(ct);
        return View(view);
    }

    public async Task<Outcome<SavedViewView>> Update(Guid id, int expectedVersion, SavedViewRequest request, CancellationToken ct)
    {
        var view = await EditableAsync(id, ct);
        if (!view.Succeeded)
        {
            return view.Problem!;
        }

        var (check, query) = await ValidateAsync(request, ct);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var v = view.Value!;
        if (v.Version != expectedVersion)
        {
            return Problem.StaleVersion(v.Version);
        }

        var name = request.Name!.Trim();
        if (await db.Set<IncidentQueueView>().AnyAsync(x => x.OwnerId == v.OwnerId && x.Name == name && x.Id != id, ct))
        {
            return Problem.Conflict($"There is already a view named '{name}'.", "name", "view.name-taken");
        }

        db.Entry(v).Property(x => x.Version).OriginalValue = expectedVersion;
        v.Update(name, query, request.IsShared == true, time.UtcNow());
        await db.SaveChangesAsync(ct);
        return View(v);
    }

    public async Task<Outcome<bool>> Delete(Guid id, CancellationToken ct)
    {
        var view = await EditableAsync(id, ct);
        if (!view.Succeeded)
        {
            return view.Problem!;
        }

        db.Remove(view.Value!);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<Outcome<IncidentQueueView>> EditableAsync(Guid id, CancellationToken ct)
    {
        if (!IsStaff())
        {
            return Problem.Forbidden("Saved queue views are for the service desk.");
        }

        var view = await db.Set<IncidentQueueView>().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (view is null || (view.OwnerId != actor.UserId && !view.IsShared))
        {
            return Problem.NotFound("view", id);
        }

        if (!CanEdit(view))
        {
            return Problem.Forbidden(view.IsShared
                ? "Shared views are changed by the ProcessOwner, SmsManager or Admin role."
                : "Only the owner changes a personal view.");
        }

        return view;
    }

    private async Task<(Check Check, string Query)> ValidateAsync(SavedViewRequest request, CancellationToken ct)
    {
        var check = new Check().Required("name", request.Name, IncidentQueueView.MaxName).MaxLength("query", request.Query, IncidentQueueView.MaxQuery)
            .That(request.IsShared != true || actor.IsInAnyRole(Policies.ServiceDeskAdmins), "isShared",
                "Sharing a view with everyone needs the ProcessOwner, SmsManager or Admin role.");
        var text = (request.Query ?? "").Trim().TrimStart('?');
        var parsed = QueryHelpers.ParseQuery(text);
        var unknown = parsed.Keys.Where(k => !ListIncidentsHandler.ViewKeys.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            check.Add("query", $"'query' may hold {string.Join(", ", ListIncidentsHandler.ViewKeys)}; not {string.Join(", ", unknown)}.");
        }

        if (check.IsValid)
        {
            string? Get(string key) => parsed.TryGetValue(key, out var v) ? v.ToString() : null;
            var probe = await list.Handle(new ListIncidentsQuery(Get("status"), Get("priority"), Get("assigneeId"), Get("unassigned"), Get("serviceId"), Get("groupId"),
                Get("search"), "1", Get("sort"), null, Get("dueWithin"), Get("major")), ct);
            if (!probe.Succeeded)
            {
                var errors = probe.Problem!.Errors?.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")) ?? [probe.Problem.Detail ?? "invalid"];
                check.Add("query", string.Join(" ", errors));
            }
        }

        // Stored normalised: the allowed keys in a fixed order, so equal filters read equal.
        var normal = string.Join('&', ListIncidentsHandler.ViewKeys.Where(parsed.ContainsKey)
            .Select(k => $"{k}={Uri.EscapeDataString(parsed[k].ToString())}"));
        return (check, normal);
    }

    private bool IsStaff() => actor.IsInAnyRole(Policies.IncidentWorkers);

    private bool CanEdit(IncidentQueueView v) => v.IsShared ? actor.IsInAnyRole(Policies.ServiceDeskAdmins) : v.OwnerId == actor.UserId;

    private SavedViewView View(IncidentQueueView v) => new(v.Id, v.Name, v.Query, v.IsShared, v.OwnerId, v.OwnerId == actor.UserId, CanEdit(v), v.UpdatedAt, v.Version);
}

internal static class SavedViewsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/incident-views", async (SavedViewsHandler handler, CancellationToken ct) => (await handler.List(ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("ListIncidentViews").WithTags("Incident queue")
            .WithSummary("Your saved queue views and the shared ones")
            .Produces<IReadOnlyList<SavedViewView>>();
        api.MapPost("/incident-views", async (SavedViewRequest request, SavedViewsHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Create(request, ct)).Map(v => Results.Created($"/api/v1/incident-views/{v.Id}", v).WithETag(http, v.Version)))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("CreateIncidentView").WithTags("Incident queue")
            .WithSummary("Save a queue view: name, query (the /incidents query string), isShared (ServiceDeskAdmins only)")
            .Produces<SavedViewView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/incident-views/{id:guid}", (Guid id, SavedViewRequest request, SavedViewsHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Update(id, version, request, ct)).Map(v => Results.Ok(v).WithETag(http, v.Version))))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("UpdateIncidentView").WithTags("Incident queue")
            .WithSummary("Replace a saved view (requires If-Match); the owner, or a ServiceDeskAdmin for a shared one")
            .Produces<SavedViewView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/incident-views/{id:guid}", async (Guid id, SavedViewsHandler handler, CancellationToken ct) =>
                (await handler.Delete(id, ct)).Map(_ => Results.NoContent()))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("DeleteIncidentView").WithTags("Incident queue")
            .WithSummary("Delete a saved view; the owner, or a ServiceDeskAdmin for a shared one")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
