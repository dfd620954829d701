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
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.MajorIncidents;

public sealed record DeclareMajorRequest(string? Reason);

public sealed record MajorUpdateRequest(string? Body, bool? Communicate);

public sealed record MajorUpdateView(Guid Id, Guid AuthorId, string AuthorName, string Body, bool Communicated, IReadOnlyList<CommunicationRecipient> Recipients,
    DateTime? CommunicatedAt, DateTime? DeliveredAt, DateTime CreatedAt);

public sealed record ReviewRequest(string? Summary, string? RootCause, string? WentWell, string? WentBadly, IReadOnlyList<ReviewAction>? Actions, bool? Complete);

public sealed record ReviewView(Guid IncidentId, string Summary, string RootCause, string WentWell, string WentBadly, IReadOnlyList<ReviewAction> Actions,
    bool Completed, DateTime? CompletedAt, Guid? CompletedBy, DateTime UpdatedAt, int Version);

public sealed record MajorSettingsRequest(int? AutoPriority, IReadOnlyList<string>? AutoCriticalities, IReadOnlyList<Guid>? NotifyUserIds);

public sealed record MajorSettingsView(int? AutoPriority, IReadOnlyList<string> AutoCriticalities, IReadOnlyList<Guid> NotifyUserIds, DateTime UpdatedAt, int Version);

/// <summary>Declaring a major incident and the rule that declares one by itself; used by the handlers that create and change incidents.</summary>
internal static class MajorIncidentRules
{
    public static readonly string[] ManagementRoles = [Roles.SmsManager, Roles.ServiceOwner];

    public static async Task<MajorIncidentSettings> SettingsAsync(QuadrantDbContext db, DateTime now, CancellationToken ct) =>
        await db.Set<MajorIncidentSettings>().AsNoTracking().FirstOrDefaultAsync(ct) ?? MajorIncidentSettings.Defaults(now);

    /// <summary>Declares the (tracked) incident major, records it in its history and tells management; the caller saves.</summary>
    public static async Task DeclareAsync(QuadrantDbContext db, Incident incident, Guid? actorId, string reason, DateTime now, CancellationToken ct)
    {
        incident.DeclareMajor(now);
        db.Add(IncidentEvent.Create(incident.Id, IncidentEventKind.MajorDeclared, null, "major", reason, actorId, now));
        var settings = await SettingsAsync(db, now, ct);
        var management = settings.NotifyUsers.Count > 0 ? settings.NotifyUsers.ToList() : await IncidentNotices.InRolesAsync(db, ManagementRoles, ct);
        await IncidentNotices.UsersAsync(db, management, incident, "incident.major", "declared a major incident", $"{incident.Title} (P{incident.Priority}). {reason}", now);
        await IncidentNotices.WatchersAsync(db, incident, actorId, "incident.major", "declared a major incident", reason, now, ct);
    }

    /// <summary>The service desk's rule: priority at or above the setting on a service of a listed criticality.</summary>
    public static async Task AutoDeclareAsync(QuadrantDbContext db, IServiceCatalogue catalogue, Incident incident, Guid? actorId, DateTime now, CancellationToken ct)
    {
        if (incident.IsMajor || incident.Status is IncidentStatus.Closed or IncidentStatus.Cancelled)
        {
            return;
        }

        var settings = await SettingsAsync(db, now, ct);
        if (settings.AutoPriority is null || incident.Priority > settings.AutoPriority)
        {
            return;
        }

        var service = await catalogue.FindAsync(incident.ServiceId, ct);
        if (service is not null && settings.Applies(incident.Priority, service.Criticality))
        {
            await DeclareAsync(db, incident, actorId, $"Declared by rule: priority {incident.Priority} on {service.Name} ({service.Criticality.ToLowerInvariant()}).", now, ct);
        }
    }

    /// <summary>A major incident closes only with a completed post-incident review (rule major.review-required).</summary>
    public static async Task RequireReviewAsync(QuadrantDbContext db, Incident incident, IncidentStatus to, CancellationToken ct)
    {
        if (to != IncidentStatus.Closed || !incident.IsMajor)
        {
            return;
        }

        var completed = await db.Set<PostIncidentReview>().AsNoTracking().AnyAsync(r => r.IncidentId == incident.Id && r.CompletedAt != null, ct);
        if (!completed)
        {
            throw new DomainRuleException("major.review-required",
                $"{incident.Reference} is a major incident: complete its post-incident review before closing it.", "to");
        }
    }
}

/// <summary>Major incidents: declare, post updates (optionally communicated to the affected customers), the post-incident review, the settings.</summary>
internal sealed class MajorIncidentsHandler(
    QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, Mail.Contracts.IMailOutbox outbox, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IncidentView>> Declare(Guid id, int expectedVersion, DeclareMajorRequest request, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor))
        {
            return Problem.Forbidden("Declaring a major incident needs a service desk role.");
        }

        var check = new Check().Required("reason", request.Reason, 2000);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", id);
        }

        if (incident.Version != expectedVersion)
        {
            return Problem.StaleVersion(incident.Version);
        }

        db.Entry(incident).Property(i => i.Version).OriginalValue = expectedVersion;
        await MajorIncidentRules.DeclareAsync(db, incident, actor.UserId, request.Reason!.Trim(), time.UtcNow(), ct);
        await db.SaveChangesAsync(ct);
        return await IncidentViews.LoadAsync(db, incident, catalogue, users, clocks, time, ct);
    }

    public async Task<Outcome<IReadOnlyList<MajorUpdateView>>> ListUpdates(Guid id, CancellationToken ct)
    {
        var incident = await VisibleAsync(id, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", id);
        }

        var updates = db.Set<MajorIncidentUpdate>().AsNoTracking().Where(u => u.IncidentId == id);
        if (!IncidentViews.IsStaff(actor))
        {
            updates = updates.Where(u => u.Communicated);
        }

        return (await updates.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).ToListAsync(ct)).Select(View).ToList();
    }

    public async Task<Outcome<MajorUpdateView>> PostUpdate(Guid id, MajorUpdateRequest request, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor))
        {
            return Problem.Forbidden("Major incident updates are posted by the service desk.");
        }

        var check = new Check().Required("body", request.Body, MajorIncidentUpdate.MaxBody);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var incident = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", id);
        }

        if (!incident.IsMajor)
        {
            return Problem.Conflict($"{incident.Reference} is not a major incident; declare it first.", null, "major.not-major");
        }

        var now = time.UtcNow();
        List<CommunicationRecipient>? recipients = null;
        if (request.Communicate == true)
        {
            recipients = [];
            if (incident.CustomerId is { } customerId && await catalogue.FindCustomerAsync(customerId, ct) is { } customer)
            {
                recipients.Add(new CommunicationRecipient("customer", customer.Id, customer.Name, null));
            }

            if (incident.RequesterId is { } requesterId && await users.FindAsync(requesterId, ct) is { } requester)
            {
                recipients.Add(new CommunicationRecipient("contact", requester.Id, requester.DisplayName, requester.Email));
            }
        }

        var me = await users.FindAsync(actor.UserId!.Value, ct);
        var update = MajorIncidentUpdate.Create(id, actor.UserId!.Value, me?.DisplayName ?? actor.Name, request.Body!.Trim(), recipients, now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(update);
        await IncidentNotices.WatchersAsync(db, incident, actor.UserId, "incident.major-update", "major incident update", update.Body, now, ct);
        if (recipients is not null && recipients.Any(r => r.Email is not null))
        {
            // The communication goes out by e-mail through the outbox, in this transaction (queued once; the sender retries).
            var queued = false;
            foreach (var contact in recipients.Where(r => r.Email is not null))
            {
                queued |= await outbox.EnqueueAsync(Mail.Contracts.MailTemplateKeys.MajorUpdate, Mail.Contracts.MailRecipient.To(contact.Email!, contact.Name),
                    new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["incident.reference"] = incident.Reference, ["incident.title"] = incident.Title, ["update.body"] = update.Body,
                        ["update.author"] = update.AuthorName, ["link"] = $"/incidents/{incident.Id}",
                    }, incident.Reference, ct);
            }

            if (queued)
            {
                update.MarkDelivered(now); // handed to the outbox; nothing is queued while mail is switched off
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return View(update);
    }

    public async Task<Outcome<ReviewView>> GetReview(Guid id, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor))
        {
            return Problem.NotFound("incident", id);
        }

        var incident = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", id);
        }

        var review = await db.Set<PostIncidentReview>().AsNoTracking().FirstOrDefaultAsync(r => r.IncidentId == id, ct)
                     ?? PostIncidentReview.Create(id, incident.UpdatedAt);
        return View(review);
    }

    public async Task<Outcome<ReviewView>> PutReview(Guid id, int expectedVersion, ReviewRequest request, CancellationToken ct)
    {
        if (!IncidentViews.IsStaff(actor))
        {
            return Problem.Forbidden("The post-incident review is written by the service desk.");
        }

        var complete = request.Complete == true;
        var check = new Check()
            .MaxLength("summary", request.Summary, PostIncidentReview.MaxText).MaxLength("rootCause", request.RootCause, PostIncidentReview.MaxText)
            .MaxLength("wentWell", request.WentWell, PostIncidentReview.MaxText).MaxLength("wentBadly", request.WentBadly, PostIncidentReview.MaxText)
            .That(request.Actions is null || request.Actions.Count <= 50, "actions", "At most 50 actions.");
        if (complete)
        {
            check.Required("summary", request.Summary, PostIncidentReview.MaxText).Required("rootCause", request.RootCause, PostIncidentReview.MaxText);
        }

        var actions = request.Actions ?? [];
        for (var n = 0; n < actions.Count; n++)
        {
            check.Required($"actions[{n}].description", actions[n].Description, 1000);
            if (complete)
            {
                check.Required($"actions[{n}].ownerId", actions[n].OwnerId).Required($"actions[{n}].dueDate", actions[n].DueDate);
            }

            if (actions[n].OwnerId is { } owner && await users.FindAsync(owner, ct) is null)
            {
                check.Add($"actions[{n}].ownerId", $"'{owner}' is not a known user.");
            }
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var incident = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null)
        {
            return Problem.NotFound("incident", id);
        }

        if (!incident.IsMajor)
        {
            return Problem.Conflict($"{incident.Reference} is not a major incident; only major incidents have a post-incident review.", null, "major.not-major");
        }

        if (incident.Status is IncidentStatus.Closed or IncidentStatus.Cancelled)
        {
            return Problem.Conflict($"{incident.Reference} is {Incident.Describe(incident.Status)}; its review is final.", null, "incident.final");
        }

        var now = time.UtcNow();
        var review = await db.Set<PostIncidentReview>().FirstOrDefaultAsync(r => r.IncidentId == id, ct);
        if (review is null)
        {
            if (expectedVersion != 1)
            {
                return Problem.StaleVersion(1);
            }

            review = PostIncidentReview.Create(id, now);
            db.Add(review);
        }
        else
        {
            if (review.Version != expectedVersion)
            {
                return Problem.StaleVersion(review.Version);
            }

            db.Entry(review).Property(r => r.Version).OriginalValue = expectedVersion;
        }

        review.Update(request.Summary?.Trim() ?? "", request.RootCause?.Trim() ?? "", request.WentWell?.Trim() ?? "", request.WentBadly?.Trim() ?? "",
            actions.Select(a => a with { Description = a.Description.Trim() }).ToList(), complete, actor.UserId, now);
        await db.SaveChangesAsync(ct);
        return View(review);
    }

    public async Task<Outcome<MajorSettingsView>> GetSettings(CancellationToken ct) => View(await MajorIncidentRules.SettingsAsync(db, time.UtcNow(), ct));

    public async Task<Outcome<MajorSettingsView>> PutSettings(int expectedVersion, MajorSettingsRequest request, CancellationToken ct)
    {
        if (!actor.IsInAnyRole(Policies.ServiceDeskAdmins))
        {
            return Problem.Forbidden("Changing the major incident settings needs the ProcessOwner, SmsManager or Admin role.");
        }

        string[] known = ["low", "medium", "high", "critical"];
        var check = new Check()
            .That(request.AutoPriority is null or (>= 1 and <= PriorityMatrix.MaxPriority), "autoPriority", $"'autoPriority' is 1 to {PriorityMatrix.MaxPriority}, or null for never.")
            .That(request.AutoCriticalities is null || request.AutoCriticalities.All(c => known.Contains(c, StringComparer.OrdinalIgnoreCase)), "autoCriticalities",
                "'autoCriticalities' lists low, medium, high or critical.")
            .That(request.NotifyUserIds is null || request.NotifyUserIds.Count <= 50, "notifyUserIds", "At most 50 users.");
        foreach (var user in request.NotifyUserIds ?? [])
        {
            if (await users.FindAsync(user, ct) is null)
            {
                check.Add("notifyUserIds", $"'{user}' is not a known user.");
            }
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var now = time.UtcNow();
        var settings = await db.Set<MajorIncidentSettings>().FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            if (expectedVersion != 1)
            {
                return Problem.StaleVersion(1);
            }

            settings = MajorIncidentSettings.Defaults(now);
            db.Add(settings);
        }
        else
        {
            if (settings.Version != expectedVersion)
            {
                return Problem.StaleVersion(settings.Version);
            }

            db.Entry(settings).Property(s => s.Version).OriginalValue = expectedVersion;
        }

        settings.Update(request.AutoPriority, request.AutoCriticalities ?? ["critical"], request.NotifyUserIds ?? [], now);
        await db.SaveChangesAsync(ct);
        return View(settings);
    }

    private async Task<Incident?> VisibleAsync(Guid id, CancellationToken ct)
    {
        var incident = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        return incident is not null && (IncidentViews.IsStaff(actor) || incident.RequesterId == actor.UserId) ? incident : null;
    }

    private static MajorUpdateView View(MajorIncidentUpdate u) =>
        new(u.Id, u.AuthorId, u.AuthorName, u.Body, u.Communicated, u.RecipientList, u.CommunicatedAt, u.DeliveredAt, u.CreatedAt);

    private static ReviewView View(PostIncidentReview r) =>
        new(r.IncidentId, r.Summary, r.RootCause, r.WentWell, r.WentBadly, r.ActionList, r.CompletedAt is not null, r.CompletedAt, r.CompletedBy, r.UpdatedAt, r.Version);

    private static MajorSettingsView View(MajorIncidentSettings s) => new(s.AutoPriority, s.Criticalities, s.NotifyUsers, s.UpdatedAt, s.Version);
}

internal static class MajorIncidentsEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/incidents/{id:guid}/major", (Guid id, DeclareMajorRequest request, MajorIncidentsHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.Declare(id, version, request, ct)).Map(i => Results.Ok(i).WithETag(http, i.Version))))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("DeclareMajorIncident").WithTags("Major incidents")
            .WithSummary("Declare the incident major (requires If-Match and a reason); management is notified")
            .Produces<IncidentView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapGet("/incidents/{id:guid}/major-updates", async (Guid id, MajorIncidentsHandler handler, CancellationToken ct) => (await handler.ListUpdates(id, ct)).Map(Results.Ok))
            .WithName("ListMajorIncidentUpdates").WithTags("Major incidents")
            .WithSummary("The status updates of a major incident, oldest first, with who they were communicated to (requesters: communicated ones on their own)")
            .Produces<IReadOnlyList<MajorUpdateView>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/incidents/{id:guid}/major-updates", async (Guid id, MajorUpdateRequest request, MajorIncidentsHandler handler, CancellationToken ct) =>
                (await handler.PostUpdate(id, request, ct)).Map(u => Results.Created($"/api/v1/incidents/{id}/major-updates", u)))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("PostMajorIncidentUpdate").WithTags("Major incidents")
            .WithSummary("Post a status update; communicate=true records it as communicated to the incident's customer and requester (delivery by mail follows)")
            .Produces<MajorUpdateView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/incidents/{id:guid}/review", async (Guid id, MajorIncidentsHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.GetReview(id, ct)).Map(r => Results.Ok(r).WithETag(http, r.Version)))
            .WithName("GetPostIncidentReview").WithTags("Major incidents")
            .WithSummary("The post-incident review (staff); version 1 and empty before the first save")
            .Produces<ReviewView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/incidents/{id:guid}/review", (Guid id, ReviewRequest request, MajorIncidentsHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.PutReview(id, version, request, ct)).Map(r => Results.Ok(r).WithETag(http, r.Version))))
            .RequireAuthorization(Policies.IncidentWork)
            .WithName("SavePostIncidentReview").WithTags("Major incidents")
            .WithSummary("Save the review (requires If-Match); complete=true needs summary, root cause and an owner and due date for each action")
            .Produces<ReviewView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapGet("/service-desk/major-incident-settings", async (MajorIncidentsHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.GetSettings(ct)).Map(s => Results.Ok(s).WithETag(http, s.Version)))
            .WithName("GetMajorIncidentSettings").WithTags("Major incidents")
            .WithSummary("The declaration rule (autoPriority, autoCriticalities) and who is told (notifyUserIds; empty = SmsManagers and ServiceOwners)")
            .Produces<MajorSettingsView>();
        api.MapPut("/service-desk/major-incident-settings", (MajorSettingsRequest request, MajorIncidentsHandler handler, HttpContext http, CancellationToken ct) =>
                ETags.RequireIfMatch(http.Request, async version => (await handler.PutSettings(version, request, ct)).Map(s => Results.Ok(s).WithETag(http, s.Version))))
            .WithName("UpdateMajorIncidentSettings").WithTags("Major incidents")
            .WithSummary("Replace the major incident settings (ProcessOwner, SmsManager, Admin; requires If-Match)")
            .Produces<MajorSettingsView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }
}
