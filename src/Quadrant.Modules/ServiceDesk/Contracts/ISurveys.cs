namespace Quadrant.Modules.ServiceDesk.Contracts;

/// <summary>A satisfaction survey as other modules (mail) see it.</summary>
public sealed record SurveyInvitationInfo(Guid IncidentId, string Reference, Guid RequesterId, DateTime CreatedAt, DateTime ExpiresAt, bool Answered);

/// <summary>A link that answers a survey without signing in: <see cref="Path"/> is relative to Quadrant's public address.</summary>
public sealed record SurveyLink(Guid IncidentId, string Reference, string Token, string Path, DateTime ExpiresAt);

/// <summary>
/// Satisfaction surveys sent when incidents close. The mail module fills the survey e-mail with
/// <see cref="IssueLinkAsync"/>: each call makes a new token (only its hash is stored) and the previous
/// link stops working, so call it once per e-mail.
/// </summary>
public interface ISurveys
{
    /// <summary>The incident's survey, or null when it has none.</summary>
    Task<SurveyInvitationInfo?> FindAsync(Guid incidentId, CancellationToken ct);

    /// <summary>Surveys created since <paramref name="since"/> and still open (not answered, not expired), oldest first, for sending.</summary>
    Task<IReadOnlyList<SurveyInvitationInfo>> OpenSinceAsync(DateTime since, int limit, CancellationToken ct);

    /// <summary>A fresh link for the incident's open survey; null when there is none, or it is answered or expired.</summary>
    Task<SurveyLink?> IssueLinkAsync(Guid incidentId, CancellationToken ct);
}

/// <summary>Satisfaction figures over a period, for reporting and the management-system module.</summary>
public sealed record SatisfactionFigure(int Count, double? Average, IReadOnlyList<int> Distribution);

public interface ISatisfaction
{
    /// <summary>Answers given in [from, to) (UTC), for one service or all: count, average rating and how many gave 1..5.</summary>
    Task<SatisfactionFigure> AverageAsync(DateTime from, DateTime to, Guid? serviceId, CancellationToken ct);
}
