using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.ServiceDeskSettingsFeature;

public sealed record ServiceDeskSettingsView(
    IReadOnlyList<IReadOnlyList<int>> PriorityMatrix, int ReopenWindowHours, int AutoCloseDays, int SurveyValidityDays, DateTime UpdatedAt, int Version);

/// <summary>The settings; autoCloseDays and surveyValidityDays keep their current values when left out.</summary>
public sealed record ServiceDeskSettingsRequest(IReadOnlyList<IReadOnlyList<int>>? PriorityMatrix, int? ReopenWindowHours, int? AutoCloseDays = null, int? SurveyValidityDays = null);

/// <summary>The impact × urgency matrix and the reopen window. A changed matrix applies to incidents recorded or edited afterwards.</summary>
internal sealed class ServiceDeskSettingsHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<ServiceDeskSettingsView>> Get(CancellationToken ct) => View(await IncidentSettings(ct));

    public async Task<Outcome<ServiceDeskSettingsView>> Update(int expectedVersion, ServiceDeskSettingsRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ServiceDeskAdmins))
        {
            return Problem.Forbidden("Changing the service desk settings needs the ProcessOwner, SmsManager or Admin role.");
        }

        var check = new Check().Required("priorityMatrix", request.PriorityMatrix is null ? null : (int?)0).Required("reopenWindowHours", request.ReopenWindowHours)
            .That(request.ReopenWindowHours is null or (>= 0 and <= 24 * 90), "reopenWindowHours", "The reopen window is 0 to 2160 hours (90 days).")
            .That(request.AutoCloseDays is null or (>= 1 and <= ServiceDeskSettings.MaxAutoCloseDays), "autoCloseDays",
                $"Resolved incidents close by themselves after 1 to {ServiceDeskSettings.MaxAutoCloseDays} days.")
            .That(request.SurveyValidityDays is null or (>= 1 and <= ServiceDeskSettings.MaxSurveyValidityDays), "surveyValidityDays",
                $"A survey stays open 1 to {ServiceDeskSettings.MaxSurveyValidityDays} days.");
        var matrix = request.PriorityMatrix is null ? null : new PriorityMatrix(request.PriorityMatrix);
        matrix?.Validate((field, message) => check.Add("priorityMatrix." + field, message));
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var settings = await db.Set<ServiceDeskSettings>().FirstOrDefaultAsync(ct);
        var now = time.UtcNow();
        if (settings is null)
        {
            if (expectedVersion != 1)
            {
                return Problem.StaleVersion(1);
            }

            settings = ServiceDeskSettings.Defaults(now);
            settings.Update(matrix!, request.ReopenWindowHours!.Value, request.AutoCloseDays, request.SurveyValidityDays, now);
            db.Add(settings);
        }
        else
        {
            if (settings.Version != expectedVersion)
            {
                return Problem.StaleVersion(settings.Version);
            }

            db.Entry(settings).Property(s => s.Version).OriginalValue = expectedVersion;
            settings.Update(matrix!, request.ReopenWindowHours!.Value, request.AutoCloseDays, request.SurveyValidityDays, now);
        }

        await db.SaveChangesAsync(ct);
        return View(settings);
    }

    private async Task<ServiceDeskSettings> IncidentSettings(CancellationToken ct) =>
        await db.Set<ServiceDeskSettings>().AsNoTracking().FirstOrDefaultAsync(ct) ?? ServiceDeskSettings.Defaults(time.UtcNow());

    private static ServiceDeskSettingsView View(ServiceDeskSettings s) => new(s.Matrix().Rows, s.ReopenWindowHours, s.AutoCloseDays, s.SurveyValidityDays, s.UpdatedAt, s.Version);
}

internal static class ServiceDeskSettingsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/service-desk/settings", async (ServiceDeskSettingsHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Get(ct)).Map(s => Results.Ok(s).WithETag(http, s.Version)))
            .WithName("GetServiceDeskSettings").WithTags("Incidents")
            .WithSummary("The priority matrix (rows: impact high, medium, low; columns: urgency high, medium, low) and the reopen window")
            .Produces<ServiceDeskSettingsView>();
        api.MapPut("/service-desk/settings", (ServiceDeskSettingsRequest request, ServiceDeskSettingsHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Update(version, request, ct)).Map(s => Results.Ok(s).WithETag(http, s.Version))))
            .WithName("UpdateServiceDeskSettings").WithTags("Incidents")
            .WithSummary("Replace the priority matrix, the reopen window and (optional) the auto-close and survey periods (requires If-Match; ProcessOwner, SmsManager, Admin)")
            .Produces<ServiceDeskSettingsView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
