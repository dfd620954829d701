namespace Quadrant.Modules.Catalogue.Domain.Requirements;

public enum DiffKind
{
    Same = 1,
    Removed = 2,
    Added = 3,
}

/// <summary>One line of a diff. <c>OldLine</c>/<c>NewLine</c> are 1-based line numbers in the two texts (null where the line is absent).</summary>
public sealed record DiffLine(DiffKind Kind, string Text, int? OldLine, int? NewLine);

/// <summary>
/// A line diff of two texts: the shortest edit script of Myers' O(ND) algorithm, after the lines the two
/// texts share at the start and the end are set aside. When the texts differ in more than
/// <see cref="MaxEdits"/> lines, the differing middle is shown as removed, then added, which is still a
/// correct (if not the shortest) diff.
/// </summary>
public static class LineDiff
{
    public const int MaxEdits = 2000;

    public static IReadOnlyList<DiffLine> Compare(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var a = Lines(oldText);
        var b = Lines(newText);

        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }

        var result = new List<DiffLine>(a.Length + b.Length);
        for (var i = 0; i < head; i++)
        {
            result.Add(new DiffLine(DiffKind.Same, a[i], i + 1, i + 1));
        }

        var middleA = a[head..(a.Length - tail)];
        var middleB = b[head..(b.Length - tail)];
        var edits = ShortestScript(middleA, middleB) ?? Replace(middleA, middleB);
        int oldLine = head, newLine = head;
        foreach (var (kind, text) in edits)
        {
            switch (kind)
            {
                case DiffKind.Same:
                    result.Add(new DiffLine(kind, text, ++oldLine, ++newLine));
                    break;
                case DiffKind.Removed:
                    result.Add(new DiffLine(kind, text, ++oldLine, null));
                    break;
                default:
                    result.Add(new DiffLine(kind, text, null, ++newLine));
                    break;
            }
        }

        for (var i = 0; i < tail; i++)
        {
            result.Add(new DiffLine(DiffKind.Same, a[a.Length - tail + i], ++oldLine, ++newLine));
        }

        return result;
    }

    /// <summary>The lines of a text; "" has no lines, and a final line break does not start another line.</summary>
    public static string[] Lines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (normalized.Length == 0)
        {
            return [];
        }

        if (normalized.EndsWith('\n'))
        {
            normalized = normalized[..^1];
        }

        return normalized.Split('\n');
    }

    private static List<(DiffKind, string)> Replace(string[] a, string[] b) =>
        [.. a.Select(l => (DiffKind.Removed, l)), .. b.Select(l => (DiffKind.Added, l))];

    /// <summary>
    /// Myers' greedy forward search. Round d finds, for each diagonal k = x - y in -d..d, the furthest x reachable
    /// with d edits; a copy of each round's frontier is kept so the path can be walked back from the end.
    /// Returns null when more than <see cref="MaxEdits"/> edits are needed.
    /// </summary>
    private static List<(DiffKind, string)>? ShortestScript(string[] a, string[] b)
    {
        int n = a.Length, m = b.Length;
        var limit = Math.Min(n + m, MaxEdits);
        var offset = limit + 1;
        var frontier = new int[(2 * limit) + 3];
        var rounds = new List<int[]>();
        for (var d = 0; d <= limit; d++)
        {
            for (var k = -d; k <= d; k += 2)
            {
                // Step down (an inserted line of b) from diagonal k+1, or right (a removed line of a) from k-1.
                var x = k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1])
                    ? frontier[offset + k + 1]
                    : frontier[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                frontier[offset + k] = x;
                if (x >= n && y >= m)
                {
                    rounds.Add(frontier[(offset - d)..(offset + d + 1)]);
                    return WalkBack(a, b, rounds);
                }
            }

            rounds.Add(frontier[(offset - d)..(offset + d + 1)]);
        }

        return null;
    }

    private static List<(DiffKind, string)> WalkBack(string[] a, string[] b, List<int[]> rounds)
    {
        var script = new List<(DiffKind, string)>();
        int x = a.Length, y = b.Length;
        for (var d = rounds.Count - 1; d > 0; d--)
        {
            var previous = rounds[d - 1]; // diagonals -(d-1)..(d-1), at index k + d - 1
            var k = x - y;
            var down = k == -d || (k != d && previous[k - 1 + d - 1] < previous[k + 1 + d - 1]);
            var fromK = down ? k + 1 : k - 1;
            var fromX = previous[fromK + d - 1];
            var fromY = fromX - fromK;
            var editX = down ? fromX : fromX + 1;
            while (x > editX)
            {
                script.Add((DiffKind.Same, a[x - 1]));
                x--;
                y--;
            }

            script.Add(down ? (DiffKind.Added, b[fromY]) : (DiffKind.Removed, a[fromX]));
            x = fromX;
            y = fromY;
        }

        while (x > 0)
        {
            script.Add((DiffKind.Same, a[x - 1]));
            x--;
        }

        script.Reverse();
        return script;
    }
}
