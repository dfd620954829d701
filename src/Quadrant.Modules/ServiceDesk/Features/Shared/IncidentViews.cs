using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Shared;

public sealed record IncidentView(
    Guid Id,
    string Reference,
    string Title,
    string Description,
    Guid ServiceId,
    string? ServiceName,
    Guid? CustomerId,
    string? CustomerName,
    Guid? RequesterId,
    string? RequesterName,
    string Category,
    Impact Impact,
    Urgency Urgency,
    int Priority,
    Guid? AssignmentGroupId,
    string? AssignmentGroupName,
    Guid? AssigneeId,
    string? AssigneeName,
    IncidentStatus Status,
    PendingReason? PendingReason,
    string? ResolutionCode,
    string? ResolutionNotes,
    IncidentSource Source,
    IReadOnlyList<IncidentStatus> AllowedTransitions,
    IReadOnlyList<ClockState> Clocks,
    DateTime? RespondedAt,
    DateTime? ResolvedAt,
    DateTime? ClosedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version,
    bool IsMajor = false,
    DateTime? MajorDeclaredAt = null,
    DateTime? ResolutionDueAt = null,
    bool ResolutionBreached = false);

/// <summary>The fields of an incident that people set (create and full update).</summary>
public sealed record IncidentRequest(
    string? Title,
    string? Description,
    Guid? ServiceId,
    Guid? CustomerId,
    string? Category,
    Impact? Impact,
    Urgency? Urgency,
    Guid? AssignmentGroupId,
    Guid? AssigneeId);

internal static class IncidentViews
{
    public const string RecordType = "Incident";

    public static async Task<IncidentView> LoadAsync(QuadrantDbContext db, Incident i, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, TimeProvider time, CancellationToken ct)
    {
        var names = await catalogue.NamesAsync(new[] { i.ServiceId }.Concat(i.CustomerId is { } c ? [c] : []), ct);
        var people = await users.FindManyAsync(new[] { i.AssigneeId, i.RequesterId }.OfType<Guid>(), ct);
        var readings = await clocks.ReadAsync(RecordType, i.Id, time.GetUtcNow().UtcDateTime, ct);
        var groupName = i.AssignmentGroupId is { } g
            ? await db.Set<AssignmentGroup>().AsNoTracking().Where(x => x.Id == g).Select(x => x.Name).FirstOrDefaultAsync(ct)
            : null;
        return new IncidentView(i.Id, i.Reference, i.Title, i.Description, i.ServiceId, names.GetValueOrDefault(i.ServiceId), i.CustomerId,
            i.CustomerId is { } cid ? names.GetValueOrDefault(cid) : null, i.RequesterId,
            i.RequesterId is { } r && people.TryGetValue(r, out var requester) ? requester.DisplayName : null,
            i.Category, i.Impact, i.Urgency, i.Priority, i.AssignmentGroupId, groupName, i.AssigneeId,
            i.AssigneeId is { } a && people.TryGetValue(a, out var assignee) ? assignee.DisplayName : null,
            i.Status, i.PendingReason, i.ResolutionCode, i.ResolutionNotes, i.Source, Incident.Allowed[i.Status], readings,
            i.RespondedAt, i.ResolvedAt, i.ClosedAt, i.CreatedAt, i.UpdatedAt, i.Version, i.IsMajor, i.MajorDeclaredAt,
            IncidentDue.From(readings).Due, IncidentDue.From(readings).Breached);
    }

    /// <summary>Validates the fields; staff may set assignment, a requester may not.</summary>
    public static async Task<Check> ValidateAsync(QuadrantDbContext db, IncidentRequest request, bool staff, IServiceCatalogue catalogue, IUserDirectory users, CancellationToken ct)
    {
        var check = new Check()
            .Required("title", request.Title, Incident.MaxTitle)
            .MaxLength("description", request.Description, Incident.MaxDescription)
            .Required("serviceId", request.ServiceId)
            .MaxLength("category", request.Category, Incident.MaxCategory);
        if (request.Impact is { } impact && !Enum.IsDefined(impact))
        {
            check.Add("impact", "'impact' must be high, medium or low.");
        }

        if (request.Urgency is { } urgency && !Enum.IsDefined(urgency))
        {
            check.Add("urgency", "'urgency' must be high, medium or low.");
        }

        if (request.ServiceId is { } serviceId)
        {
            var service = await catalogue.FindAsync(serviceId, ct);
            check.That(service is not null, "serviceId", $"'{serviceId}' is not a service.")
                .That(service is null || service.Lifecycle != "Retired", "serviceId", "That service is retired; incidents are raised against live services.");
        }

        if (request.CustomerId is { } customerId && await catalogue.FindCustomerAsync(customerId, ct) is null)
        {
            check.Add("customerId", $"'{customerId}' is not a customer.");
        }

        if (!staff && (request.AssigneeId is not null || request.AssignmentGroupId is not null))
        {
            check.Add("assigneeId", "Only the service desk assigns incidents.");
        }

        if (request.AssigneeId is { } assigneeId)
        {
            var user = await users.FindAsync(assigneeId, ct);
            check.That(user is not null, "assigneeId", "'assigneeId' is not a known user.")
                .That(user is null || user.IsActive, "assigneeId", "'assigneeId' is a deactivated user.");
        }

        if (staff && request.AssignmentGroupId is { } groupId)
        {
            var group = await db.Set<AssignmentGroup>().AsNoTracking().Include(g => g.Members).FirstOrDefaultAsync(g => g.Id == groupId, ct);
            check.That(group is not null, "assignmentGroupId", $"'{groupId}' is not an assignment group.")
                .That(group is null || group.IsActive, "assignmentGroupId", "That assignment group is retired.")
                .That(group is null || request.AssigneeId is not { } who || group.HasMember(who), "assigneeId", $"The assignee is not a member of {group?.Name}.");
        }

        return check;
    }

    public static bool IsStaff(ActorContext actor) => actor.IsInAnyRole(Policies.IncidentWorkers);

    public static async Task<ServiceDeskSettings> SettingsAsync(QuadrantDbContext db, TimeProvider time, CancellationToken ct) =>
        await db.Set<ServiceDeskSettings>().AsNoTracking().FirstOrDefaultAsync(ct) ?? ServiceDeskSettings.Defaults(time.GetUtcNow().UtcDateTime);

    /// <summary>The clock of the incident follows its status (pending pauses, resolve stops, reopen runs it again).</summary>
    public static async Task SyncClocksAsync(ISlaClocks clocks, Incident incident, IncidentStatus from, DateTime at, CancellationToken ct)
    {
        var to = incident.Status;
        var states = await clocks.ReadAsync(RecordType, incident.Id, at, ct);
        if (states.Count == 0)
        {
            return; // no agreement measures this incident
        }

        bool Any(string status, ClockMetric? metric = null) => states.Any(s => s.Status == status && (metric is null || s.Metric == metric));
        if (to is IncidentStatus.InProgress or IncidentStatus.Resolved && from != IncidentStatus.Resolved && Any("Running", ClockMetric.FirstResponse))
        {
            await clocks.StopAsync(RecordType, incident.Id, ClockMetric.FirstResponse, at, ct);
        }

        if (from == IncidentStatus.Pending && to != IncidentStatus.Pending && Any("Paused"))
        {
            await clocks.ResumeAsync(RecordType, incident.Id, at, ct);
        }

        if (to == IncidentStatus.Pending && Any("Running"))
        {
            await clocks.PauseAsync(RecordType, incident.Id, Reason(incident.PendingReason), at, ct);
        }

        if (to is IncidentStatus.Resolved or IncidentStatus.Cancelled && (Any("Running") || Any("Paused")))
        {
            await clocks.StopAsync(RecordType, incident.Id, null, at, ct);
        }

        if (from == IncidentStatus.Resolved && to == IncidentStatus.InProgress && Any("Stopped", ClockMetric.Resolution))
        {
            await clocks.ReopenAsync(RecordType, incident.Id, ClockMetric.Resolution, at, ct);
        }
    }

    /// <summary>The priority changed: open clocks take the agreement's target for it (an edit, or an imported history step).</summary>
    public static async Task RetargetClocksAsync(ISlaClocks clocks, Incident incident, DateTime at, CancellationToken ct)
    {
        if ((await clocks.ReadAsync(RecordType, incident.Id, at, ct)).Any(c => c.Status != "Stopped"))
        {
            await clocks.RetargetAsync(RecordType, incident.Id, incident.Priority, at, ct);
        }
    }

    private static string Reason(PendingReason? reason) => reason switch
    {
        PendingReason.AwaitingCustomer => "awaiting customer",
        PendingReason.AwaitingSupplier => "awaiting supplier",
        PendingReason.AwaitingChange => "awaiting change",
        _ => "pending",
    };
}
