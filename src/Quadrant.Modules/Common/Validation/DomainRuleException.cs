namespace Quadrant.Modules.Common.Validation;

/// <summary>
/// Thrown by an entity method when a named business rule forbids the change
/// (for example: a retired service cannot be edited). Rendered as 409 problem details.
/// </summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string rule, string message, string? field = null)
        : base(message)
    {
        Rule = rule;
        Field = field;
    }

    public DomainRuleException()
    {
        Rule = "unknown";
    }

    public DomainRuleException(string message)
        : base(message)
    {
        Rule = "unknown";
    }

    public DomainRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Rule = "unknown";
    }

    public string Rule { get; }

    public string? Field { get; }
}
