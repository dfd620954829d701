using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Domain;

/// <summary>What makes a list of intended outcomes acceptable.</summary>
internal static class OutcomeRules
{
    /// <summary>
    /// Checks the list as sent (every statement present, not blank, at most <see cref="Service.MaxOutcomeLength"/>
    /// characters, no statement twice ignoring case and surrounding spaces, at most <see cref="Service.MaxOutcomes"/>)
    /// and returns the trimmed statements in their order.
    /// </summary>
    public static IReadOnlyList<string> Clean(IReadOnlyList<string?> outcomes, Check check)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(check);
        check.That(outcomes.Count <= Service.MaxOutcomes, "outcomes", $"At most {Service.MaxOutcomes} outcomes.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        for (var i = 0; i < outcomes.Count && i < Service.MaxOutcomes; i++)
        {
            var field = $"outcomes[{i}]";
            var text = outcomes[i]?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                check.Add(field, "An outcome cannot be empty.");
                continue;
            }

            check.MaxLength(field, text, Service.MaxOutcomeLength);
            if (!seen.Add(text))
            {
                check.Add(field, $"'{text}' is listed twice.");
                continue;
            }

            result.Add(text);
        }

        return result;
    }
}
