namespace Quadrant.Modules.Common.Auditing;

/// <summary>The property is not written to the audit trail (noise such as a last-used stamp).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;

/// <summary>The property is secret: the audit trail records that it changed, never its value.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AuditRedactedAttribute : Attribute;

/// <summary>The entity type is not audited at all (the audit log itself, idempotency bookkeeping).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NotAuditedEntityAttribute : Attribute;

/// <summary>The name recorded as the audit trail's record type for this entity (defaults to the class name).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AuditRecordTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
