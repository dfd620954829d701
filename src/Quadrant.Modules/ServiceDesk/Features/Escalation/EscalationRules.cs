using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Escalation;

public sealed record EscalationRuleRequest(
    string? Name,
    IReadOnlyList<int>? Priorities,
    EscalationTrigger? Trigger,
    int? Threshold,
    EscalationAction? Action,
    Guid? TargetGroupId,
    bool? NotifyManager,
    IReadOnlyList<Guid>? NotifyUserIds,
    bool? IsActive);

public sealed record EscalationRuleView(
    Guid Id, string Name, IReadOnlyList<int> Priorities, EscalationTrigger Trigger, int Threshold, EscalationAction Action, Guid? TargetGroupId,
    string? TargetGroupName, bool NotifyManager, IReadOnlyList<Guid> NotifyUserIds, bool IsActive, DateTime UpdatedAt, int Version);

/// <summary>Escalation rules (ServiceDeskAdmins write; staff read).</summary>
internal sealed class EscalationRulesHandler(QuadrantDbContext db, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<EscalationRuleView>>> List(CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.IncidentWorkers))
        {
            return Problem.Forbidden("Escalation rules are for the service desk.");
        }

        var rules = await db.Set<EscalationRule>().AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct);
        var groups = await db.Set<AssignmentGroup>().AsNoTracking().ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        return rules.Select(r => View(r, groups)).ToList();
    }

    public async Task<Outcome<EscalationRuleView>> Save(Guid? id, int expectedVersion, EscalationRuleRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ServiceDeskAdmins))
        {
            return Problem.Forbidden("Escalation rules are set by the ProcessOwner, SmsManager or Admin role.");
        }

        var check = new Check().Required("name", request.Name, EscalationRule.MaxName)
            .Required("priorities", request.Priorities is { Count: > 0 } ? (int?)1 : null)
            .That(request.Priorities is null || request.Priorities.All(p => p is >= 1 and <= PriorityMatrix.MaxPriority), "priorities", $"Priorities are 1 to {PriorityMatrix.MaxPriority}.")
            .Required("trigger", request.Trigger)
            .That(request.Trigger is null || Enum.IsDefined(request.Trigger.Value), "trigger", "'trigger' is percentElapsed or minutesBeforeDue.")
            .Required("threshold", request.Threshold)
            .Required("action", request.Action)
            .That(request.Action is null || Enum.IsDefined(request.Action.Value), "action", "'action' is functional or hierarchic.");
        if (request.Trigger == EscalationTrigger.PercentElapsed)
        {
            check.That(request.Threshold is null or (>= 1 and <= 100), "threshold", "A percent of the target elapsed is 1 to 100.");
        }
        else
        {
            check.That(request.Threshold is null or (>= 0 and <= 60 * 24 * 30), "threshold", "Minutes before due are 0 to 43200 (30 days).");
        }

        if (request.Action == EscalationAction.Functional)
        {
            check.Required("targetGroupId", request.TargetGroupId);
            if (request.TargetGroupId is { } g)
            {
                var group = await db.Set<AssignmentGroup>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == g, ct);
                check.That(group is not null, "targetGroupId", $"'{g}' is not an assignment group.")
                    .That(group is null || group.IsActive, "targetGroupId", "That assignment group is retired.");
            }
        }

        if (request.Action == EscalationAction.Hierarchic)
        {
            check.That(request.NotifyManager == true || request.NotifyUserIds is { Count: > 0 }, "notifyUserIds", "Notify the group's manager, named users or both.")
                .That(request.NotifyUserIds is null || request.NotifyUserIds.Count <= 50, "notifyUserIds", "At most 50 users.");
            foreach (var u in request.NotifyUserIds ?? [])
            {
                if (await users.FindAsync(u, ct) is null)
                {
                    check.Add("notifyUserIds", $"'{u}' is not a known user.");
                }
            }
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var name = request.Name!.Trim();
        if (await db.Set<EscalationRule>().AnyAsync(r => r.Name == name && r.Id != id, ct))
        {
            return Problem.Conflict($"There is already a rule named '{name}'.", "name", "escalation.name-taken");
        }

        var now = time.UtcNow();
        EscalationRule rule;
        if (id is { } existing)
        {
            var found = await db.Set<EscalationRule>().FirstOrDefaultAsync(r => r.Id == existing, ct);
            if (found is null)
            {
                return Problem.NotFound("escalation rule", existing);
            }

            if (found.Version != expectedVersion)
            {
                return Problem.StaleVersion(found.Version);
            }

            db.Entry(found).Property(r => r.Version).OriginalValue = expectedVersion;
            rule = found;
        }
        else
        {
            rule = EscalationRule.Create(now);
            db.Add(rule);
        }

        rule.Set(name, request.Priorities!, request.Trigger!.Value, request.Threshold!.Value, request.Action!.Value, request.TargetGroupId,
            request.NotifyManager == true, request.NotifyUserIds ?? [], request.IsActive ?? true, now);
        await db.SaveChangesAsync(ct);
        var groups = await db.Set<AssignmentGroup>().AsNoTracking().ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        return View(rule, groups);
    }

    public async Task<Outcome<bool>> Delete(Guid id, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ServiceDeskAdmins))
        {
            return Problem.Forbidden("Escalation rules are set by the ProcessOwner, SmsManager or Admin role.");
        }

        var rule = await db.Set<EscalationRule>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return Problem.NotFound("escalation rule", id);
        }

        db.Remove(rule);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static EscalationRuleView View(EscalationRule r, Dictionary<Guid, string> groups) =>
        new(r.Id, r.Name, r.PriorityList, r.Trigger, r.Threshold, r.Action, r.TargetGroupId, r.TargetGroupId is { } g ? groups.GetValueOrDefault(g) : null,
            r.NotifyManager, r.NotifyUsers, r.IsActive, r.UpdatedAt, r.Version);
}

internal static class EscalationRulesEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/escalation-rules", async (EscalationRulesHandler handler, CancellationToken ct) => (await handler.List(ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("ListEscalationRules").WithTags("Escalation")
            .WithSummary("The escalation rules")
            .Produces<IReadOnlyList<EscalationRuleView>>();
        api.MapPost("/escalation-rules", async (EscalationRuleRequest request, EscalationRulesHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Save(null, 1, request, ct)).Map(r => Results.Created($"/api/v1/escalation-rules/{r.Id}", r).WithETag(http, r.Version)))
            .WithName("CreateEscalationRule").WithTags("Escalation")
            .WithSummary("Add a rule: priorities, trigger (percentElapsed | minutesBeforeDue) and threshold, action functional (targetGroupId) or hierarchic (notifyManager, notifyUserIds)")
            .Produces<EscalationRuleView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/escalation-rules/{id:guid}", (Guid id, EscalationRuleRequest request, EscalationRulesHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Save(id, version, request, ct)).Map(r => Results.Ok(r).WithETag(http, r.Version))))
            .WithName("UpdateEscalationRule").WithTags("Escalation")
            .WithSummary("Replace a rule (requires If-Match)")
            .Produces<EscalationRuleView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/escalation-rules/{id:guid}", async (Guid id, EscalationRulesHandler handler, CancellationToken ct) =>
                (await handler.Delete(id, ct)).Map(_ => Results.NoContent()))
            .WithName("DeleteEscalationRule").WithTags("Escalation")
            .WithSummary("Delete a rule (its firings go with it)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
