using System.Text.Json;
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
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Domain.Requests;
using Quadrant.Modules.ServiceDesk.Features.RequestShared;

namespace Quadrant.Modules.ServiceDesk.Features.RaiseRequest;

/// <summary>
/// Order an item: its answers, and (staff only) for whom and at which priority. The customer picks the
/// agreement whose SLA clocks measure the request.
/// </summary>
public sealed record RaiseRequestBody(
    Guid? ItemId,
    Dictionary<string, JsonElement>? Answers,
    Guid? RequestedForId = null,
    Guid? CustomerId = null,
    int? Priority = null);

/// <summary>
/// Raises a request from a catalogue item: the answers are checked against the item's form, the
/// form, approvals and tasks are copied onto the request (snapshot), the approvers are resolved (named
/// people and the members of the approving group), and the SLA clocks start (paused while approval is awaited).
/// </summary>
internal sealed class RaiseRequestHandler(
    QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, ISearchIndex search, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<RequestView>> Handle(RaiseRequestBody request, CancellationToken ct)
    {
        if (actor.UserId is not { } me)
        {
            return Problem.Unauthorized("Sign in to request something.");
        }

        var staff = RequestViews.IsStaff(actor);
        var check = new Check().Required("itemId", request.ItemId)
            .That(staff || request.RequestedForId is null || request.RequestedForId == me, "requestedForId", "Only the service desk raises requests for someone else.")
            .That(staff || request.Priority is null, "priority", "Only the service desk sets the priority.")
            .That(request.Priority is null or (>= 1 and <= PriorityMatrix.MaxPriority), "priority", $"'priority' is 1 (highest) to {PriorityMatrix.MaxPriority}.");
        var item = request.ItemId is { } itemId ? await db.Set<RequestItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct) : null;
        if (request.ItemId is not null && (item is null || !item.IsActive || (!staff && item.Audience != ItemAudience.Everyone)))
        {
            check.Add("itemId", "That is not an item you can order.");
        }

        if (request.RequestedForId is { } forId && forId != me)
        {
            var person = await users.FindAsync(forId, ct);
            check.That(person is { IsActive: true }, "requestedForId", "'requestedForId' is not an active user.");
        }

        if (request.CustomerId is { } customerId && await catalogue.FindCustomerAsync(customerId, ct) is null)
        {
            check.Add("customerId", $"'{customerId}' is not a customer.");
        }

        if (!check.IsValid || item is null)
        {
            return check.ToProblem();
        }

        var snapshot = item.Snapshot();
        var pickedUsers = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var answers = RequestForms.ValidateAnswers(snapshot.Form, request.Answers, check, pickedUsers);
        if (pickedUsers.Count > 0)
        {
            var found = await users.FindManyAsync(pickedUsers.Values, ct);
            foreach (var (key, id) in pickedUsers)
            {
                check.That(found.TryGetValue(id, out var u) && u.IsActive, $"answers.{key}", "That is not an active user.");
            }
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var approvers = await ApproversAsync(snapshot.Approval, ct);
        for (var attempt = 1; ; attempt++)
        {
            var now = time.UtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var number = (await db.Set<ServiceRequest>().MaxAsync(r => (long?)r.Number, ct) ?? 0) + 1;
            var raised = ServiceRequest.Raise(number, item.Id, snapshot, item.ServiceId, request.CustomerId, me, request.RequestedForId ?? me,
                request.Priority ?? item.DefaultPriority, answers, approvers, now);
            db.Add(raised);
            db.AddRange(raised.NewEvents);
            await RequestSearch.StageAsync(db, search, raised, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                await clocks.StartAsync(RequestViews.Subject(raised), now, null, ct);
                await RequestViews.SyncClocksAsync(clocks, raised, RequestStatus.Submitted, now, ct);
                await transaction.CommitAsync(ct);
                return await RequestViews.LoadAsync(db, raised, actor, catalogue, users, clocks, time, ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) && attempt < 5)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The active named approvers and the active members of the approving group, now.</summary>
    private async Task<IReadOnlyCollection<Guid>> ApproversAsync(ApprovalDefinition approval, CancellationToken ct)
    {
        if (approval.Mode is not (ApprovalMode.Any or ApprovalMode.All))
        {
            return [];
        }

        var ids = new HashSet<Guid>(approval.ApproverIds ?? []);
        if (approval.GroupId is { } groupId)
        {
            var members = await db.Set<AssignmentGroupMember>().AsNoTracking().Where(m => m.GroupId == groupId).Select(m => m.UserId).ToListAsync(ct);
            ids.UnionWith(members);
        }

        var people = await users.FindManyAsync(ids, ct);
        return ids.Where(id => people.TryGetValue(id, out var p) && p.IsActive).ToList();
    }
}

internal static class RaiseRequestEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/requests", async (RaiseRequestBody request, RaiseRequestHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(request, ct)).Map(r => Results.Created($"/api/v1/requests/{r.Id}", r).WithETag(http, r.Version)))
            .WithName("RaiseRequest")
            .WithTags("Requests")
            .WithSummary("Order a catalogue item; answers are checked against its form (400 names answers.<key>), approval or fulfilment starts, SLA clocks start")
            .Produces<RequestView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
