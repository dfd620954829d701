namespace Quadrant.Modules.Common.Auditing;

/// <summary>
/// A link row that belongs to another record's history (a service's dependency, say): adding it is
/// recorded as "+value" and removing it as "-value" in the owner's <see cref="Field"/>, not as a record of its own.
/// </summary>
public interface IAuditedAsPartOf
{
    string OwnerRecordType { get; }

    Guid OwnerRecordId { get; }

    string Field { get; }

    string Value { get; }
}
