using System.Globalization;
using System.Text.Json;

namespace Quadrant.Modules.Common.Validation;

/// <summary>
/// Reading the optional query-string filters of list endpoints. Each reader returns the value (or
/// nothing when the parameter is absent) and records a problem naming the parameter when it is malformed.
/// </summary>
public static class QueryValues
{
    /// <summary>"live,pipeline" into enum values (names only, any case; numbers are refused).</summary>
    public static List<T> Enums<T>(this Check check, string? text, string field)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(check);
        var values = new List<T>();
        foreach (var part in Parts(text))
        {
            if (Enum.TryParse<T>(part, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(part, out _))
            {
                values.Add(value);
            }
            else
            {
                var allowed = string.Join(", ", Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName));
                check.Add(field, $"'{part}' is not a valid {field}; use {allowed}.");
            }
        }

        return values;
    }

    /// <summary>"1,2" into whole numbers from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static List<int> Numbers(this Check check, string? text, string field, int min, int max, string what)
    {
        ArgumentNullException.ThrowIfNull(check);
        var values = new List<int>();
        foreach (var part in Parts(text))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                values.Add(n);
            }
            else
            {
                check.Add(field, $"'{field}' is a list of {what} {min} to {max}, e.g. {min},{min + 1}.");
            }
        }

        return values;
    }

    /// <summary>An optional id; <paramref name="what"/> names it in the message ("a service id").</summary>
    public static Guid? Id(this Check check, string? text, string field, string what = "an id")
    {
        ArgumentNullException.ThrowIfNull(check);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        check.Add(field, $"'{field}' must be {what} (a GUID).");
        return null;
    }

    /// <summary>An optional true/false.</summary>
    public static bool? Flag(this Check check, string? text, string field)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        check.Add(field, $"'{field}' must be true or false.");
        return null;
    }

    private static string[] Parts(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
