using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Quadrant.Modules.Common.Auditing;

public enum AuditAction
{
    Created = 1,
    Updated = 2,
    Deleted = 3,
}

/// <summary>One field's value before and after a change (values rendered as invariant text).</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>
/// One entry of the append-only audit log. Entries form a hash chain: each entry's hash covers its
/// own content and the previous entry's hash, so editing, deleting or reordering any entry breaks
/// every later link.
/// </summary>
public sealed class AuditEntry
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private AuditEntry()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Position in the chain, 1, 2, 3, … without gaps. Unique.</summary>
    public long Sequence { get; private set; }

    public DateTime OccurredAt { get; private set; }

    public Guid? ActorId { get; private set; }

    public string ActorName { get; private set; } = "";

    public string RecordType { get; private set; } = "";

    public string RecordId { get; private set; } = "";

    public AuditAction Action { get; private set; }

    /// <summary>The field changes as JSON: an array of {field, before, after}.</summary>
    public string Changes { get; private set; } = "[]";

    public string PreviousHash { get; private set; } = GenesisHash;

    public string Hash { get; private set; } = "";

    internal static AuditEntry Create(long sequence, DateTime occurredAt, Guid? actorId, string actorName, string recordType,
        string recordId, AuditAction action, string changes, string previousHash)
    {
        var entry = new AuditEntry
        {
            Id = Guid.CreateVersion7(occurredAt),
            Sequence = sequence,
            OccurredAt = occurredAt,
            ActorId = actorId,
            ActorName = actorName,
            RecordType = recordType,
            RecordId = recordId,
            Action = action,
            Changes = changes,
            PreviousHash = previousHash,
        };
        entry.Hash = entry.ComputeHash();
        return entry;
    }

    /// <summary>SHA-256 over a canonical, newline-separated rendering of every stored field but the hash itself.</summary>
    public string ComputeHash()
    {
        var canonical = string.Join('\n',
            Sequence.ToString(CultureInfo.InvariantCulture),
            Id.ToString("D"),
            OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ActorId?.ToString("D") ?? "",
            ActorName,
            RecordType,
            RecordId,
            ((int)Action).ToString(CultureInfo.InvariantCulture),
            Changes,
            PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
