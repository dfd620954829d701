namespace Quadrant.Modules.Mail.Contracts;

/// <summary>The templates Quadrant sends; each has a default text and can be edited by an administrator.</summary>
public static class MailTemplateKeys
{
    public const string IncidentCreated = "incident.created";
    public const string IncidentAssigned = "incident.assigned";
    public const string IncidentCommented = "incident.commented";
    public const string IncidentResolved = "incident.resolved";
    public const string SlaWarning = "sla.warning";
    public const string SlaBreach = "sla.breach";
    public const string SurveyInvitation = "survey.invitation";
    public const string MajorUpdate = "major.update";

    public static IReadOnlyList<string> All { get; } =
        [IncidentCreated, IncidentAssigned, IncidentCommented, IncidentResolved, SlaWarning, SlaBreach, SurveyInvitation, MajorUpdate];
}

/// <summary>Who a message goes to: a user (their e-mail address is looked up) or a plain address.</summary>
public sealed record MailRecipient(Guid? UserId, string? Address = null, string? Name = null)
{
    public static MailRecipient User(Guid userId) => new(userId);

    public static MailRecipient To(string address, string? name = null) => new(null, address, name);
}

/// <summary>
/// Queues a templated e-mail in the caller's unit of work: inside the caller's transaction the message
/// commits or rolls back with the change that caused it, and a background sender delivers it later
/// (retrying with backoff). When mail is switched off, or the user has no address or is deactivated,
/// nothing is queued. <paramref name="reference"/> (e.g. "INC-000123") goes into the subject as
/// "[INC-000123]" and into the X-Quadrant-Ref header so replies find their record.
/// </summary>
public interface IMailOutbox
{
    /// <summary>Values for the template's placeholders, e.g. ["incident.title"] = "Printer down"; "recipient.name" is filled in.</summary>
    Task<bool> EnqueueAsync(string templateKey, MailRecipient to, IReadOnlyDictionary<string, string> model, string? reference, CancellationToken ct);

    /// <summary>Invites a requester to rate a resolved record (the survey feature supplies the link).</summary>
    Task<bool> EnqueueSurveyInvitationAsync(Guid userId, string reference, string title, string surveyLink, CancellationToken ct);
}
