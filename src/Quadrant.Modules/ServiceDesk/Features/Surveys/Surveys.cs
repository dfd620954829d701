using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Notifications;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.Surveys;

public sealed record SurveyAnswer(int? Rating, string? Comment);

public sealed record SurveyByLinkRequest(string? Token, int? Rating = null, string? Comment = null);

/// <summary>A survey as its requester sees it.</summary>
public sealed record SurveyView(Guid IncidentId, string Reference, string IncidentTitle, DateTime CreatedAt, DateTime ExpiresAt, bool Expired,
    int? Rating, string? Comment, DateTime? AnsweredAt);

/// <summary>Creates the survey when an incident closes, in the caller's unit of work.</summary>
internal static class SurveyInvitations
{
    public static async Task OnClosedAsync(QuadrantDbContext db, IncidentMail mail, Incident incident, ServiceDeskSettings settings, DateTime now, CancellationToken ct)
    {
        if (incident.Status != IncidentStatus.Closed || incident.RequesterId is not { } requester
            || await db.Set<SurveyInvitation>().AnyAsync(s => s.IncidentId == incident.Id, ct))
        {
            return;
        }

        var invitation = SurveyInvitation.Create(incident, TimeSpan.FromDays(settings.SurveyValidityDays), now);
        var token = invitation.IssueToken();
        db.Add(invitation);
        db.Add(Notification.Create(requester, "survey.invitation", $"How did we do with {incident.Reference}?",
            $"{incident.Title} is closed. Rate our service from 1 to 5; it takes a few seconds.", $"/incidents/{incident.Id}", now));

        // The e-mail carries the link that works without signing in (only its hash is stored).
        await mail.SurveyAsync(incident, token, ct);
    }
}

/// <summary>
/// Answering surveys: the requester in the portal (signed in, their own incidents only) or anyone
/// holding the link's token (no sign-in). Answered once (409 survey.answered); after the survey's
/// period 410 survey.expired; an unknown token 404.
/// </summary>
internal sealed class SurveysHandler(QuadrantDbContext db, ActorContext actor, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<SurveyView>>> Mine(CancellationToken ct)
    {
        var me = actor.UserId;
        var now = time.UtcNow();
        var rows = await db.Set<SurveyInvitation>().AsNoTracking()
            .Where(s => s.RequesterId == me && s.AnsweredAt == null && s.ExpiresAt > now)
            .OrderBy(s => s.CreatedAt).Take(50).ToListAsync(ct);
        return await ViewsAsync(rows, now, ct);
    }

    public async Task<Outcome<SurveyView>> Get(Guid incidentId, CancellationToken ct)
    {
        var survey = await db.Set<SurveyInvitation>().AsNoTracking().FirstOrDefaultAsync(s => s.IncidentId == incidentId && s.RequesterId == actor.UserId, ct);
        return survey is null ? Problem.NotFound("survey", incidentId) : (await ViewsAsync([survey], time.UtcNow(), ct))[0];
    }

    public async Task<Outcome<SurveyView>> Answer(Guid incidentId, SurveyAnswer answer, CancellationToken ct)
    {
        var check = Validate(answer.Rating, answer.Comment);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var survey = await db.Set<SurveyInvitation>().FirstOrDefaultAsync(s => s.IncidentId == incidentId && s.RequesterId == actor.UserId, ct);
        return survey is null ? Problem.NotFound("survey", incidentId) : await AnswerAsync(survey, answer.Rating!.Value, answer.Comment, false, ct);
    }

    public async Task<Outcome<SurveyView>> ByLink(string? token, CancellationToken ct)
    {
        var survey = await FindByTokenAsync(token, ct);
        return survey is null ? NoSuchLink() : (await ViewsAsync([survey], time.UtcNow(), ct))[0];
    }

    public async Task<Outcome<SurveyView>> AnswerByLink(SurveyByLinkRequest request, CancellationToken ct)
    {
        var check = Validate(request.Rating, request.Comment).Required("token", request.Token, 100);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var survey = await FindByTokenAsync(request.Token, ct);
        return survey is null ? NoSuchLink() : await AnswerAsync(survey, request.Rating!.Value, request.Comment, true, ct);
    }

    private async Task<Outcome<SurveyView>> AnswerAsync(SurveyInvitation survey, int rating, string? comment, bool byLink, CancellationToken ct)
    {
        var now = time.UtcNow();
        if (!survey.IsAnswered && survey.IsExpired(now))
        {
            return new Problem(StatusCodes.Status410Gone, "The survey has closed.", $"The survey for {survey.Reference} closed on {survey.ExpiresAt:yyyy-MM-dd}.", null, "survey.expired");
        }

        survey.Answer(rating, comment, byLink, now);
        try // the version is a concurrency token: of two answers racing, the second finds it changed
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem.Conflict($"The survey for {survey.Reference} was already answered. Thank you!", null, "survey.answered");
        }

        return (await ViewsAsync([survey], now, ct))[0];
    }

    private async Task<SurveyInvitation?> FindByTokenAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = SurveyInvitation.Hash(token.Trim());
        return await db.Set<SurveyInvitation>().FirstOrDefaultAsync(s => s.TokenHash == hash, ct);
    }

    private static Problem NoSuchLink() =>
        new(StatusCodes.Status404NotFound, "Not found.", "This survey link is not valid. Check that the whole link was copied, or answer the survey in the portal.");

    private static Check Validate(int? rating, string? comment) =>
        new Check().Required("rating", rating)
            .That(rating is null or (>= 1 and <= 5), "rating", "'rating' is 1 (very dissatisfied) to 5 (very satisfied).")
            .MaxLength("comment", comment, SurveyInvitation.MaxComment);

    private async Task<List<SurveyView>> ViewsAsync(IReadOnlyList<SurveyInvitation> surveys, DateTime now, CancellationToken ct)
    {
        var ids = surveys.Select(s => s.IncidentId).ToList();
        var titles = await db.Set<Incident>().AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Title, ct);
        return surveys.Select(s => new SurveyView(s.IncidentId, s.Reference, titles.GetValueOrDefault(s.IncidentId, ""), s.CreatedAt, s.ExpiresAt,
            !s.IsAnswered && s.IsExpired(now), s.Rating, s.Comment, s.AnsweredAt)).ToList();
    }
}

/// <summary>The contract the mail module uses to put a survey link in the closing e-mail.</summary>
internal sealed class SurveyDirectory(QuadrantDbContext db, TimeProvider time) : ISurveys
{
    public async Task<SurveyInvitationInfo?> FindAsync(Guid incidentId, CancellationToken ct) =>
        await db.Set<SurveyInvitation>().AsNoTracking().Where(s => s.IncidentId == incidentId)
            .Select(s => new SurveyInvitationInfo(s.IncidentId, s.Reference, s.RequesterId, s.CreatedAt, s.ExpiresAt, s.AnsweredAt != null))
            .FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<SurveyInvitationInfo>> OpenSinceAsync(DateTime since, int limit, CancellationToken ct)
    {
        var now = time.UtcNow();
        return await db.Set<SurveyInvitation>().AsNoTracking()
            .Where(s => s.CreatedAt >= since && s.AnsweredAt == null && s.ExpiresAt > now)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Take(limit)
            .Select(s => new SurveyInvitationInfo(s.IncidentId, s.Reference, s.RequesterId, s.CreatedAt, s.ExpiresAt, false))
            .ToListAsync(ct);
    }

    public async Task<SurveyLink?> IssueLinkAsync(Guid incidentId, CancellationToken ct)
    {
        var survey = await db.Set<SurveyInvitation>().FirstOrDefaultAsync(s => s.IncidentId == incidentId, ct);
        if (survey is null || survey.IsAnswered || survey.IsExpired(time.UtcNow()))
        {
            return null;
        }

        var token = survey.IssueToken();
        await db.SaveChangesAsync(ct);
        return new SurveyLink(survey.IncidentId, survey.Reference, token, $"/survey/{token}", survey.ExpiresAt);
    }
}

internal static class SurveysEndpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/surveys/mine", async (SurveysHandler handler, CancellationToken ct) => (await handler.Mine(ct)).Map(Results.Ok))
            .WithName("MySurveys").WithTags("Surveys")
            .WithSummary("The signed-in requester's surveys still to answer (not answered, not expired), oldest first")
            .Produces<IReadOnlyList<SurveyView>>();
        api.MapGet("/incidents/{id:guid}/survey", async (Guid id, SurveysHandler handler, CancellationToken ct) => (await handler.Get(id, ct)).Map(Results.Ok))
            .WithName("GetIncidentSurvey").WithTags("Surveys")
            .WithSummary("The survey of one of your closed incidents (requester only)")
            .Produces<SurveyView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/incidents/{id:guid}/survey", async (Guid id, SurveyAnswer answer, SurveysHandler handler, CancellationToken ct) =>
                (await handler.Answer(id, answer, ct)).Map(Results.Ok))
            .WithName("AnswerIncidentSurvey").WithTags("Surveys")
            .WithSummary("Answer the survey of one of your closed incidents: rating 1–5 and an optional comment, once")
            .Produces<SurveyView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        api.MapPost("/surveys/by-link/lookup", async (SurveyByLinkRequest request, SurveysHandler handler, CancellationToken ct) =>
                (await handler.ByLink(request.Token, ct)).Map(Results.Ok))
            .AllowAnonymous()
            .WithName("LookupSurveyByLink").WithTags("Surveys")
            .WithSummary("The survey a link's token opens (no sign-in; the token goes in the body, never in the address)")
            .Produces<SurveyView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/surveys/by-link/answer", async (SurveyByLinkRequest request, SurveysHandler handler, CancellationToken ct) =>
                (await handler.AnswerByLink(request, ct)).Map(Results.Ok))
            .AllowAnonymous()
            .WithName("AnswerSurveyByLink").WithTags("Surveys")
            .WithSummary("Answer a survey with a link's token (no sign-in): token, rating 1–5, comment; once")
            .Produces<SurveyView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
    }
}
