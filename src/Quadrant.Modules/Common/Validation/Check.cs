using Quadrant.Modules.Common.Http;

namespace Quadrant.Modules.Common.Validation;

/// <summary>
/// Collects field errors for one request. Field names are the JSON (camelCase) names the client sent.
/// </summary>
public sealed class Check
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public Check Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            list = [];
            errors[field] = list;
        }

        list.Add(message);
        return this;
    }

    public Check Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, $"'{field}' is required.");
        }

        return MaxLength(field, value, maxLength);
    }

    public Check Required<T>(string field, T? value)
        where T : struct
    {
        if (value is null)
        {
            Add(field, $"'{field}' is required.");
        }

        return this;
    }

    public Check MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"'{field}' must be at most {maxLength} characters (it has {value.Length}).");
        }

        return this;
    }

    public Check That(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }

        return this;
    }

    public Problem ToProblem() =>
        Problem.Validation(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    /// <summary>Null when valid; otherwise the 400 problem naming every invalid field.</summary>
    public Problem? Result() => IsValid ? null : ToProblem();
}
