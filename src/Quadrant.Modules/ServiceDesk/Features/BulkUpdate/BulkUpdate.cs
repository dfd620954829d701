using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;
using Quadrant.Modules.ServiceDesk.Features.TransitionIncident;
using Quadrant.Modules.ServiceDesk.Features.UpdateIncident;

namespace Quadrant.Modules.ServiceDesk.Features.BulkUpdate;

/// <summary>One incident of a bulk change, with the version (ETag) the agent saw.</summary>
public sealed record BulkItem(Guid? Id, int? Version);

/// <summary>
/// action: assign (assignmentGroupId and/or assigneeId), priority (impact and/or urgency) or transition
/// (to, with pendingReason or resolutionCode + resolutionNotes where needed).
/// </summary>
public sealed record BulkRequest(
    string? Action,
    IReadOnlyList<BulkItem>? Items,
    Guid? AssignmentGroupId,
    Guid? AssigneeId,
    Impact? Impact,
    Urgency? Urgency,
    IncidentStatus? To,
    PendingReason? PendingReason,
    string? ResolutionCode,
    string? ResolutionNotes);

/// <summary>What happened to one item: ok (200), stale (409, If-Match), notAllowed (409, a rule, with the allowed moves), invalid (400), notFound (404).</summary>
public sealed record BulkItemResult(
    Guid Id,
    int Status,
    string Outcome,
    int? Version,
    string? Rule = null,
    string? Detail = null,
    IReadOnlyList<IncidentStatus>? Allowed = null,
    IReadOnlyDictionary<string, string[]>? Errors = null);

public sealed record BulkResponse(int Succeeded, int Failed, IReadOnlyList<BulkItemResult> Results);

/// <summary>
/// Applies one change to several incidents. Each item goes through the same handler (and checks) as a
/// single change, in its own transaction: every valid item is applied, an invalid one is not applied at all.
/// </summary>
internal sealed class BulkUpdateHandler(QuadrantDbContext db, UpdateIncidentHandler update, TransitionIncidentHandler transition, ActorContext actor)
{
    public const int MaxItems = 100;
    private static readonly string[] Actions = ["assign", "priority", "transition"];

    public async Task<Outcome<BulkResponse>> Handle(BulkRequest request, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor))
        {
            return Problem.Forbidden("Changing incidents needs the Agent, ProcessOwner, ServiceOwner, SmsManager or Admin role.");
        }

        var check = new Check().Required("action", request.Action, 20)
            .That(request.Action is null || Actions.Contains(request.Action), "action", "'action' is assign, priority or transition.")
            .That(request.Items is { Count: > 0 }, "items", "Select at least one incident.")
            .That(request.Items is null || request.Items.Count <= MaxItems, "items", $"At most {MaxItems} incidents at a time.");
        var items = request.Items ?? [];
        for (var n = 0; n < items.Count; n++)
        {
            check.Required($"items[{n}].id", items[n].Id).Required($"items[{n}].version", items[n].Version);
        }

        check.That(items.Where(i => i.Id is not null).Select(i => i.Id).Distinct().Count() == items.Count(i => i.Id is not null), "items", "An incident is listed twice.");
        switch (request.Action)
        {
            case "assign":
                check.That(request.AssignmentGroupId is not null || request.AssigneeId is not null, "assignmentGroupId", "Give an assignment group, an assignee or both.");
                break;
            case "priority":
                check.That(request.Impact is not null || request.Urgency is not null, "impact", "Give an impact, an urgency or both.")
                    .That(request.Impact is null || Enum.IsDefined(request.Impact.Value), "impact", "'impact' must be high, medium or low.")
                    .That(request.Urgency is null || Enum.IsDefined(request.Urgency.Value), "urgency", "'urgency' must be high, medium or low.");
                break;
            case "transition":
                check.Required("to", request.To);
                break;
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var results = new List<BulkItemResult>();
        foreach (var item in items)
        {
            results.Add(await ApplyAsync(request, item.Id!.Value, item.Version!.Value, ct));
        }

        var ok = results.Count(r => r.Status == StatusCodes.Status200OK);
        return new BulkResponse(ok, results.Count - ok, results);
    }

    private async Task<BulkItemResult> ApplyAsync(BulkRequest request, Guid id, int version, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (current is null)
        {
            return new BulkItemResult(id, StatusCodes.Status404NotFound, "notFound", null, Detail: $"No incident with id '{id}' exists.");
        }

        try
        {
            var outcome = request.Action switch
            {
                "transition" => await transition.Handle(id, version, new Features.TransitionIncident.TransitionRequest(request.To, request.PendingReason, request.ResolutionCode, request.ResolutionNotes), ct),
                "assign" => await update.Handle(id, version, Fields(current, request.AssignmentGroupId ?? current.AssignmentGroupId,
                    request.AssignmentGroupId is not null ? request.AssigneeId : request.AssigneeId ?? current.AssigneeId, current.Impact, current.Urgency), ct),
                _ => await update.Handle(id, version, Fields(current, current.AssignmentGroupId, current.AssigneeId, request.Impact ?? current.Impact, request.Urgency ?? current.Urgency), ct),
            };
            if (outcome.Succeeded)
            {
                return new BulkItemResult(id, StatusCodes.Status200OK, "ok", outcome.Value!.Version);
            }

            var p = outcome.Problem!;
            var name = p.Status switch
            {
                StatusCodes.Status400BadRequest => "invalid",
                StatusCodes.Status404NotFound => "notFound",
                StatusCodes.Status409Conflict when p.Rule == "concurrency" => "stale",
                StatusCodes.Status409Conflict => "notAllowed",
                _ => "failed",
            };
            return new BulkItemResult(id, p.Status, name, current.Version, p.Rule, p.Detail, null, p.Errors);
        }
        catch (DomainRuleException e)
        {
            var allowed = e.Rule == "incident.transition" ? Incident.Allowed[current.Status] : null;
            return new BulkItemResult(id, StatusCodes.Status409Conflict, "notAllowed", current.Version, e.Rule, e.Message, allowed);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new BulkItemResult(id, StatusCodes.Status409Conflict, "stale", null, "concurrency", "Changed by someone else meanwhile; reload it.");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static IncidentRequest Fields(Incident i, Guid? group, Guid? assignee, Impact impact, Urgency urgency) =>
        new(i.Title, i.Description, i.ServiceId, i.CustomerId, i.Category, impact, urgency, group, assignee);
}

internal static class BulkUpdateEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/incidents/bulk", async (BulkRequest request, BulkUpdateHandler handler, CancellationToken ct) =>
                (await handler.Handle(request, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("BulkUpdateIncidents")
            .WithTags("Incidents")
            .WithSummary("Assign, reprioritise or move several incidents at once; each item carries its version and gets its own result")
            .WithDescription("Each item is applied in its own transaction with the same checks as a single change: ok, stale (409), notAllowed (409 with the rule and, for moves, the allowed ones), invalid (400 with errors) or notFound. Valid items are applied even when others fail.")
            .Produces<BulkResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
