using Quadrant.Modules.Common.Http;

namespace Quadrant.Modules.Common.Ui;

/// <summary>Remembers the cursors of the pages already seen, so a keyset-paged table can go back.</summary>
public sealed class CursorTrail
{
    private readonly Stack<string?> previous = new();

    public string? Current { get; private set; }

    public int PageNumber => previous.Count + 1;

    public bool HasPrevious => previous.Count > 0;

    public void Forward(string next)
    {
        previous.Push(Current);
        Current = next;
    }

    public void Back()
    {
        if (previous.Count > 0)
        {
            Current = previous.Pop();
        }
    }

    public void Reset()
    {
        previous.Clear();
        Current = null;
    }
}

public static class ProblemText
{
    /// <summary>The message for one field, or null.</summary>
    public static string? For(Problem? problem, string field) =>
        problem?.Errors is { } errors && errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>A one-line summary of a problem for an alert.</summary>
    public static string Summary(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        // People read the field messages; the generic title and detail are for API clients.
        return problem.Errors is { Count: > 0 } errors
            ? string.Join(" ", errors.SelectMany(x => x.Value))
            : $"{problem.Title} {problem.Detail}".Trim();
    }
}
