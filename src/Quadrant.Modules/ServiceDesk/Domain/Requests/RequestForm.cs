using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.ServiceDesk.Domain.Requests;

/// <summary>The kinds of question a request form may ask.</summary>
public enum FormFieldType
{
    Text = 1,
    Multiline = 2,
    Number = 3,
    Date = 4,
    Choice = 5,
    MultiChoice = 6,
    Checkbox = 7,
    User = 8,
    Email = 9,
}

/// <summary>One question of a request form. Options only for choice fields; min/max only for numbers.</summary>
public sealed record FormField(
    string? Key,
    string? Label,
    FormFieldType? Type,
    string? Help = null,
    bool Required = false,
    IReadOnlyList<string>? Options = null,
    decimal? Min = null,
    decimal? Max = null);

/// <summary>The questions a catalogue item asks, in order.</summary>
public sealed record FormDefinition(IReadOnlyList<FormField>? Fields)
{
    public static FormDefinition Empty { get; } = new([]);
}

/// <summary>
/// Validates form definitions (when an item is saved) and answers (when a request is raised).
/// Every error names its JSON path: <c>form.fields[2].options</c>, <c>answers.costCentre</c>.
/// </summary>
public static partial class RequestForms
{
    public const int MaxFields = 50;
    public const int MaxKey = 40;
    public const int MaxLabel = 200;
    public const int MaxHelp = 500;
    public const int MaxOptions = 50;
    public const int MaxOption = 200;
    public const int MaxText = 2_000;
    public const int MaxMultiline = 10_000;

    public static bool IsChoice(FormFieldType? type) => type is FormFieldType.Choice or FormFieldType.MultiChoice;

    public static void ValidateDefinition(FormDefinition? form, Check check, string prefix = "form")
    {
        ArgumentNullException.ThrowIfNull(check);
        var fields = form?.Fields ?? [];
        if (fields.Count > MaxFields)
        {
            check.Add($"{prefix}.fields", $"A form has at most {MaxFields} fields.");
            return;
        }

        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var at = $"{prefix}.fields[{i}]";
            if (f is null)
            {
                check.Add(at, "A field is required here.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(f.Key))
            {
                check.Add($"{at}.key", "'key' is required.");
            }
            else if (!KeyPattern().IsMatch(f.Key))
            {
                check.Add($"{at}.key", $"'key' starts with a letter and has only letters, digits and '_' (at most {MaxKey}).");
            }
            else if (!keys.Add(f.Key))
            {
                check.Add($"{at}.key", $"The key '{f.Key}' is used by another field; keys are unique within a form.");
            }

            check.Required($"{at}.label", f.Label, MaxLabel).MaxLength($"{at}.help", f.Help, MaxHelp);
            if (f.Type is null || !Enum.IsDefined(f.Type.Value))
            {
                check.Add($"{at}.type", "'type' must be text, multiline, number, date, choice, multiChoice, checkbox, user or email.");
            }

            var options = f.Options ?? [];
            if (IsChoice(f.Type))
            {
                if (options.Count == 0)
                {
                    check.Add($"{at}.options", "A choice field needs at least one option.");
                }
                else if (options.Count > MaxOptions)
                {
                    check.Add($"{at}.options", $"A choice field has at most {MaxOptions} options.");
                }
                else if (options.Any(o => string.IsNullOrWhiteSpace(o) || o.Length > MaxOption))
                {
                    check.Add($"{at}.options", $"Each option is 1 to {MaxOption} characters.");
                }
                else if (options.Select(o => o.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count)
                {
                    check.Add($"{at}.options", "Options are unique.");
                }
            }
            else if (options.Count > 0)
            {
                check.Add($"{at}.options", "Only choice and multiChoice fields have options.");
            }

            if (f.Type == FormFieldType.Number)
            {
                check.That(f.Min is null || f.Max is null || f.Min <= f.Max, $"{at}.max", "'max' must be at least 'min'.");
            }
            else if (f.Min is not null || f.Max is not null)
            {
                check.Add($"{at}.min", "Only number fields have 'min' and 'max'.");
            }
        }
    }

    /// <summary>Trims the texts of a valid definition.</summary>
    public static FormDefinition Normalize(FormDefinition? form) =>
        new((form?.Fields ?? []).Select(f => f with
        {
            Key = f.Key!.Trim(),
            Label = f.Label!.Trim(),
            Help = string.IsNullOrWhiteSpace(f.Help) ? null : f.Help.Trim(),
            Options = IsChoice(f.Type) ? f.Options!.Select(o => o.Trim()).ToList() : null,
        }).ToList());

    /// <summary>
    /// Validates answers against a definition and returns them normalized (absent optional fields are
    /// left out). User-picker answers come back in <paramref name="userIds"/> for the caller to check
    /// against the directory.
    /// </summary>
    public static Dictionary<string, JsonElement> ValidateAnswers(FormDefinition form, IReadOnlyDictionary<string, JsonElement>? answers, Check check,
        Dictionary<string, Guid> userIds)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(userIds);
        answers ??= new Dictionary<string, JsonElement>();
        var fields = form.Fields ?? [];
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var key in answers.Keys.Where(k => fields.All(f => !string.Equals(f.Key, k, StringComparison.Ordinal))))
        {
            check.Add($"answers.{key}", $"'{key}' is not a question of this form.");
        }

        foreach (var f in fields)
        {
            var at = $"answers.{f.Key}";
            var present = answers.TryGetValue(f.Key!, out var value) && !IsBlank(value);
            if (!present)
            {
                if (f.Required)
                {
                    check.Add(at, $"'{f.Label}' is required.");
                }

                continue;
            }

            var normalized = Answer(f, value, at, check, userIds);
            if (normalized is { } n)
            {
                result[f.Key!] = n;
            }
        }

        return result;
    }

    private static JsonElement? Answer(FormField f, JsonElement value, string at, Check check, Dictionary<string, Guid> userIds)
    {
        switch (f.Type)
        {
            case FormFieldType.Text or FormFieldType.Multiline:
            {
                var max = f.Type == FormFieldType.Text ? MaxText : MaxMultiline;
                if (value.ValueKind != JsonValueKind.String)
                {
                    check.Add(at, $"'{f.Label}' is text.");
                    return null;
                }

                var text = value.GetString()!.Trim();
                if (text.Length > max)
                {
                    check.Add(at, $"'{f.Label}' is at most {max} characters (it has {text.Length}).");
                    return null;
                }

                return Json(text);
            }

            case FormFieldType.Email:
            {
                var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
                if (text is null || text.Length > 254 || !EmailAddresses.IsDeliverable(text))
                {
                    check.Add(at, $"'{f.Label}' must be an e-mail address such as name@example.com.");
                    return null;
                }

                return Json(text);
            }

            case FormFieldType.Number:
            {
                decimal number;
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d))
                {
                    number = d;
                }
                else if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
                {
                    number = parsed;
                }
                else
                {
                    check.Add(at, $"'{f.Label}' is a number.");
                    return null;
                }

                if (f.Min is { } min && number < min)
                {
                    check.Add(at, $"'{f.Label}' must be at least {min.ToString(CultureInfo.InvariantCulture)}.");
                    return null;
                }

                if (f.Max is { } max && number > max)
                {
                    check.Add(at, $"'{f.Label}' must be at most {max.ToString(CultureInfo.InvariantCulture)}.");
                    return null;
                }

                return Json(number);
            }

            case FormFieldType.Date:
            {
                if (value.ValueKind != JsonValueKind.String ||
                    !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    check.Add(at, $"'{f.Label}' is a date written yyyy-MM-dd.");
                    return null;
                }

                return Json(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            case FormFieldType.Choice:
            {
                var option = value.ValueKind == JsonValueKind.String ? Match(f, value.GetString()!) : null;
                if (option is null)
                {
                    check.Add(at, $"'{f.Label}' must be one of: {string.Join(", ", f.Options ?? [])}.");
                    return null;
                }

                return Json(option);
            }

            case FormFieldType.MultiChoice:
            {
                if (value.ValueKind != JsonValueKind.Array)
                {
                    check.Add(at, $"'{f.Label}' is a list of options.");
                    return null;
                }

                var chosen = new List<string>();
                foreach (var item in value.EnumerateArray())
                {
                    var option = item.ValueKind == JsonValueKind.String ? Match(f, item.GetString()!) : null;
                    if (option is null)
                    {
                        check.Add(at, $"Each choice of '{f.Label}' must be one of: {string.Join(", ", f.Options ?? [])}.");
                        return null;
                    }

                    if (!chosen.Contains(option))
                    {
                        chosen.Add(option);
                    }
                }

                if (chosen.Count == 0)
                {
                    return null;
                }

                return Json(chosen);
            }

            case FormFieldType.Checkbox:
            {
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    check.Add(at, $"'{f.Label}' is true or false.");
                    return null;
                }

                if (f.Required && value.ValueKind == JsonValueKind.False)
                {
                    check.Add(at, $"'{f.Label}' must be ticked.");
                    return null;
                }

                return Json(value.GetBoolean());
            }

            case FormFieldType.User:
            {
                if (value.ValueKind != JsonValueKind.String || !Guid.TryParse(value.GetString(), out var id))
                {
                    check.Add(at, $"'{f.Label}' is a user id.");
                    return null;
                }

                userIds[f.Key!] = id;
                return Json(id.ToString());
            }

            default:
                return null;
        }
    }

    private static bool IsBlank(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()),
        JsonValueKind.Array => value.GetArrayLength() == 0,
        _ => false,
    };

    private static string? Match(FormField f, string text) =>
        (f.Options ?? []).FirstOrDefault(o => string.Equals(o, text.Trim(), StringComparison.OrdinalIgnoreCase));

    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value);

    /// <summary>An answer as people read it.</summary>
    public static string Display(FormField field, JsonElement value, Func<Guid, string?> userName)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(userName);
        return value.ValueKind switch
        {
            JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(v => v.ToString())),
            JsonValueKind.True => "Yes",
            JsonValueKind.False => "No",
            JsonValueKind.String when field.Type == FormFieldType.User && Guid.TryParse(value.GetString(), out var id) => userName(id) ?? value.GetString()!,
            _ => value.ToString(),
        };
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,39}$")]
    private static partial Regex KeyPattern();
}
