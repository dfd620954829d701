using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain.Clocks;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.RecordClockEvent;

public enum ClockAction
{
    Pause = 1,
    Resume = 2,
    Stop = 3,
    Retarget = 4,
    Reopen = 5,
}

/// <summary>One change to a record's clocks: pause (reason), resume, stop or reopen (optionally one metric), retarget (new priority).</summary>
public sealed record ClockEventRequest(ClockAction? Action, string? Reason, ClockMetric? Metric, int? Priority, DateTime? At);

internal sealed class RecordClockEventHandler(ISlaClocks clocks, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<ClockState>>> Handle(string recordType, Guid recordId, ClockEventRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ClockWriters))
        {
            return Problem.Forbidden("Changing SLA clocks needs the Agent, ServiceOwner, ProcessOwner, SmsManager or Admin role.");
        }

        var now = time.UtcNow();
        var at = request.At is { } a ? a.ToUniversalTime() : now;
        var check = new Check().Required("action", request.Action).That(at <= now.AddMinutes(1), "at", "'at' cannot be in the future.");
        if (request.Action is { } action && !Enum.IsDefined(action))
        {
            check.Add("action", "'action' must be pause, resume, stop, retarget or reopen.");
        }

        if (request.Action == ClockAction.Pause)
        {
            check.Required("reason", request.Reason, ClockRecord.MaxReason);
        }

        if (request.Action == ClockAction.Retarget)
        {
            check.Required("priority", request.Priority)
                .That(request.Priority is null or (>= 1 and <= Sla.SlaClockService.MaxPriority), "priority", $"'priority' must be 1 (highest) to {Sla.SlaClockService.MaxPriority}.");
        }

        if (request.Metric is { } metric && !Enum.IsDefined(metric))
        {
            check.Add("metric", "'metric' must be firstResponse or resolution.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        switch (request.Action!.Value)
        {
            case ClockAction.Pause:
                await clocks.PauseAsync(recordType, recordId, request.Reason!, at, ct);
                break;
            case ClockAction.Resume:
                await clocks.ResumeAsync(recordType, recordId, at, ct);
                break;
            case ClockAction.Stop:
                await clocks.StopAsync(recordType, recordId, request.Metric, at, ct);
                break;
            case ClockAction.Reopen:
                await clocks.ReopenAsync(recordType, recordId, request.Metric, at, ct);
                break;
            default:
                await clocks.RetargetAsync(recordType, recordId, request.Priority!.Value, at, ct);
                break;
        }

        return Outcome<IReadOnlyList<ClockState>>.Success(await clocks.ReadAsync(recordType, recordId, now, ct));
    }
}

internal static class RecordClockEventEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/sla-clocks/records/{recordType}/{recordId:guid}/events",
                async (string recordType, Guid recordId, ClockEventRequest request, RecordClockEventHandler handler, CancellationToken ct) =>
                (await handler.Handle(recordType, recordId, request, ct)).Map(Results.Ok))
            .RequireAuthorization(Policies.ClockWrite)
            .WithName("RecordClockEvent")
            .WithTags("SLA clocks")
            .WithSummary("Pause (with reason), resume, stop or retarget a record's clocks; answers the clocks as they now read")
            .WithDescription("A change that does not fit the history (resume a running clock, an instant before the last event) is 409 with rule sla.clock-state or sla.clock-history.")
            .Produces<IReadOnlyList<ClockState>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
