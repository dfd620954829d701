using System.Security.Cryptography;
using System.Text;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.ServiceDesk.Domain;

/// <summary>
/// A portal user's link to the customer organization they belong to (a Catalogue customer), and
/// whether they may see that organization's incidents. One row per requester; no row means no
/// organization and only their own incidents.
/// </summary>
internal sealed class RequesterProfile
{
    private RequesterProfile()
    {
    }

    public Guid UserId { get; private set; }

    public Guid? CustomerId { get; private set; }

    /// <summary>Granted by an administrator: list and read (not change) the organization's incidents.</summary>
    public bool SeesOrganizationIncidents { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public static RequesterProfile Create(Guid userId, DateTime now) => new() { UserId = userId, UpdatedAt = now };

    public void Set(Guid? customerId, bool seesOrganizationIncidents, DateTime now)
    {
        if (seesOrganizationIncidents && customerId is null)
        {
            throw new DomainRuleException("requester.organization-required", "Seeing the organization's incidents needs an organization.", "customerId");
        }

        CustomerId = customerId;
        SeesOrganizationIncidents = seesOrganizationIncidents;
        UpdatedAt = now;
    }
}

/// <summary>
/// A satisfaction survey (8.3.2, 8.6.1) sent when an incident closes: a 1–5 rating and a comment,
/// answered once, by the requester in the portal or through a link. The link's token is random and
/// only its SHA-256 hash is stored; issuing a new link replaces the old one.
/// </summary>
internal sealed class SurveyInvitation
{
    public const int MaxComment = 4_000;

    private SurveyInvitation()
    {
    }

    public Guid Id { get; private set; }

    public Guid IncidentId { get; private set; }

    public string Reference { get; private set; } = "";

    public Guid RequesterId { get; private set; }

    public Guid ServiceId { get; private set; }

    /// <summary>Who worked the incident when it closed (results per agent).</summary>
    public Guid? AgentId { get; private set; }

    [AuditRedacted]
    public string? TokenHash { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public int? Rating { get; private set; }

    public string? Comment { get; private set; }

    public DateTime? AnsweredAt { get; private set; }

    public bool AnsweredByLink { get; private set; }

    public int Version { get; private set; } = 1;

    public bool IsAnswered => AnsweredAt is not null;

    public static SurveyInvitation Create(Incident incident, TimeSpan validity, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return new SurveyInvitation
        {
            Id = Guid.CreateVersion7(now),
            IncidentId = incident.Id,
            Reference = incident.Reference,
            RequesterId = incident.RequesterId ?? throw new InvalidOperationException("An incident without a requester gets no survey."),
            ServiceId = incident.ServiceId,
            AgentId = incident.AssigneeId,
            CreatedAt = now,
            ExpiresAt = now + validity,
        };
    }

    /// <summary>A fresh link token (returned once, never stored); the previous link stops working.</summary>
    public string IssueToken()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        TokenHash = Hash(token);
        return token;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public bool IsExpired(DateTime now) => now >= ExpiresAt;

    /// <summary>Records the answer (rules survey.answered and survey.expired).</summary>
    public void Answer(int rating, string? comment, bool byLink, DateTime now)
    {
        if (IsAnswered)
        {
            throw new DomainRuleException("survey.answered", $"The survey for {Reference} was already answered. Thank you!");
        }

        if (IsExpired(now))
        {
            throw new DomainRuleException("survey.expired", $"The survey for {Reference} closed on {ExpiresAt:yyyy-MM-dd}.");
        }

        Rating = rating;
        Comment = string.IsNullOrWhiteSpace(comment) ? null : IncidentComment.Clean(comment.Trim());
        AnsweredByLink = byLink;
        AnsweredAt = now;
    }
}
