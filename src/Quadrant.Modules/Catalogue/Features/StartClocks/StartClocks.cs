using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Sla;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.StartClocks;

/// <summary>
/// Starts the SLA clocks of a record kept outside Quadrant (or of any record type) through the API.
/// <c>at</c> defaults to now and may be in the past (for records created elsewhere), never in the future.
/// </summary>
public sealed record StartClocksRequest(
    string? RecordType,
    Guid? RecordId,
    string? Reference,
    Guid? ServiceId,
    Guid? CustomerId,
    int? Priority,
    Guid? AgreementId,
    Guid? ResponsibleUserId,
    DateTime? At);

internal sealed class StartClocksHandler(ISlaClocks clocks, IServiceCatalogue catalogue, IUserDirectory users, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<ClockState>>> Handle(StartClocksRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ClockWriters))
        {
            return Problem.Forbidden("Starting SLA clocks needs the Agent, ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var now = time.UtcNow();
        var check = new Check()
            .Required("recordId", request.RecordId)
            .Required("serviceId", request.ServiceId)
            .Required("priority", request.Priority);
        var subject = new ClockSubject(request.RecordType?.Trim() ?? "", request.RecordId ?? Guid.Empty, request.Reference?.Trim() ?? "",
            request.ServiceId ?? Guid.Empty, request.CustomerId, request.Priority ?? 0, request.ResponsibleUserId);
        if (check.IsValid && SlaClockService.SubjectProblem(subject, out var field) is { } problem)
        {
            check.Add(field, problem);
        }

        var at = request.At is { } a ? a.ToUniversalTime() : now;
        check.That(at <= now.AddMinutes(1), "at", "'at' cannot be in the future.");
        if (request.ServiceId is { } serviceId && await catalogue.FindAsync(serviceId, ct) is null)
        {
            check.Add("serviceId", $"'{serviceId}' is not a service.");
        }

        if (request.ResponsibleUserId is { } userId && await users.FindAsync(userId, ct) is null)
        {
            check.Add("responsibleUserId", "'responsibleUserId' is not a known user.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var started = await clocks.StartAsync(subject, at, request.AgreementId, ct);
        if (started.Count == 0)
        {
            return Problem.Conflict(request.AgreementId is null
                ? "No SLA in force covers this service and customer on that day, or it sets no target for this priority."
                : "The agreement sets no target for this priority.", "serviceId", "sla.no-agreement");
        }

        return Outcome<IReadOnlyList<ClockState>>.Success(started);
    }
}

internal static class StartClocksEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/sla-clocks", async (StartClocksRequest request, StartClocksHandler handler, CancellationToken ct) =>
                (await handler.Handle(request, ct)).Map(c => Results.Created($"/api/v1/sla-clocks/records/{c[0].RecordType}/{c[0].RecordId}", c)))
            .RequireAuthorization(Policies.ClockWrite)
            .WithName("StartClocks")
            .WithTags("SLA clocks")
            .WithSummary("Start a record's SLA clocks (first response, resolution) under the SLA that covers its service, customer and priority")
            .Produces<IReadOnlyList<ClockState>>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
