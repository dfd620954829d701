using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.Catalogue.Domain.Requirements;

/// <summary>
/// One version of a service's requirements document (8.2.4: the service requirements are documented).
/// A version is written once and never changed: saving the document again adds the next version. The
/// service's history records each new version as "requirements: +version N".
/// </summary>
internal sealed class ServiceRequirementVersion : IAuditedAsPartOf
{
    public const int MaxSummary = 500;
    public const int MaxBody = 100_000;
    public const int MaxChangeNote = 500;

    private ServiceRequirementVersion()
    {
    }

    public Guid Id { get; private set; }

    public Guid ServiceId { get; private set; }

    /// <summary>1 for the first version, then 2, 3, … per service without gaps.</summary>
    public int Number { get; private set; }

    /// <summary>In a sentence or two: what the service must deliver.</summary>
    public string Summary { get; private set; } = "";

    /// <summary>The document itself, plain text or Markdown.</summary>
    public string Body { get; private set; } = "";

    /// <summary>Why this version was written.</summary>
    public string ChangeNote { get; private set; } = "";

    public Guid? AuthorId { get; private set; }

    /// <summary>The author's name when the version was written (kept even if the account is renamed).</summary>
    public string AuthorName { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    string IAuditedAsPartOf.OwnerRecordType => nameof(Service);

    Guid IAuditedAsPartOf.OwnerRecordId => ServiceId;

    string IAuditedAsPartOf.Field => "requirements";

    string IAuditedAsPartOf.Value => string.IsNullOrEmpty(ChangeNote) ? $"version {Number}" : $"version {Number} ({ChangeNote})";

    /// <summary>
    /// Rule catalogue.retired-is-final (through the service). Rule requirements.next-number: the new version
    /// follows the latest one. Rule requirements.changed: a version that repeats the latest one is refused.
    /// </summary>
    public static ServiceRequirementVersion Next(Service service, ServiceRequirementVersion? latest, string summary, string body,
        string changeNote, Guid? authorId, string authorName, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (latest is not null && latest.ServiceId != service.Id)
        {
            throw new ArgumentException("The latest version belongs to another service.", nameof(latest));
        }

        if (latest is not null && string.Equals(latest.Summary, summary, StringComparison.Ordinal) &&
            string.Equals(Normalize(latest.Body), Normalize(body), StringComparison.Ordinal))
        {
            throw new Common.Validation.DomainRuleException("requirements.changed",
                $"Nothing changed since version {latest.Number}; a new version needs a different summary or body.", "body");
        }

        service.RequirementsChanged(now);
        return new ServiceRequirementVersion
        {
            Id = Guid.CreateVersion7(now),
            ServiceId = service.Id,
            Number = (latest?.Number ?? 0) + 1,
            Summary = summary,
            Body = Normalize(body),
            ChangeNote = changeNote,
            AuthorId = authorId,
            AuthorName = authorName,
            CreatedAt = now,
        };
    }

    /// <summary>Line endings are stored as \n, so a document saved from Windows and from Linux compares equal.</summary>
    public static string Normalize(string body) => body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}
