using System.Security.Cryptography;
using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.ServiceDesk.Domain;

/// <summary>
/// A file on an incident: public (the requester sees it) or internal (staff only). The bytes live in
/// <see cref="IncidentAttachmentContent"/> (the same database, so an upload commits or rolls back with
/// its record and every node sees it); the SHA-256 of the bytes is recorded.
/// </summary>
internal sealed class IncidentAttachment
{
    public const int MaxFileName = 200;

    private IncidentAttachment()
    {
    }

    public Guid Id { get; private set; }

    public Guid IncidentId { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    public string Sha256 { get; private set; } = "";

    public bool IsPublic { get; private set; }

    public Guid? UploadedById { get; private set; }

    public string UploadedByName { get; private set; } = "";

    /// <summary>"upload" or "email".</summary>
    public string Origin { get; private set; } = "upload";

    public DateTime CreatedAt { get; private set; }

    public static (IncidentAttachment Attachment, IncidentAttachmentContent Content) Create(Guid incidentId, string fileName, string contentType,
        byte[] content, bool isPublic, Guid? uploadedById, string uploadedByName, string origin, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(content);
        var attachment = new IncidentAttachment
        {
            Id = Guid.CreateVersion7(now),
            IncidentId = incidentId,
            FileName = fileName,
            ContentType = contentType,
            Size = content.LongLength,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            IsPublic = isPublic,
            UploadedById = uploadedById,
            UploadedByName = uploadedByName.Length > 200 ? uploadedByName[..200] : uploadedByName,
            Origin = origin,
            CreatedAt = now,
        };
        return (attachment, new IncidentAttachmentContent(attachment.Id, content));
    }
}

/// <summary>The bytes of an attachment, apart from its description so listing never reads them.</summary>
[NotAuditedEntity]
internal sealed class IncidentAttachmentContent(Guid id, byte[] content)
{
    public Guid Id { get; private set; } = id;

    public byte[] Content { get; private set; } = content;
}
