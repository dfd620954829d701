using System.Globalization;
using System.Text;
using Quadrant.Modules.Search.Contracts;

namespace Quadrant.Modules.Search.Domain;

/// <summary>
/// What a person typed, read once into terms and written out again in each engine's own syntax, so that no
/// character of the input ever reaches a full-text parser as an operator. The language is that of a web search:
/// words (all must occur), <c>"a phrase"</c>, <c>-word</c> or <c>-"a phrase"</c> (must not occur), and <c>or</c>
/// between two terms. Everything else (parentheses, <c>*</c>, <c>:</c>, <c>^</c>, <c>AND</c>, <c>NEAR</c>, an
/// unpaired quote) is either a separator or an ordinary word. Very common English words (the list PostgreSQL's
/// english configuration drops) are dropped from bare words on both databases, so both find the same records.
/// </summary>
internal sealed class SearchQuery
{
    public const int MaxLength = SearchLimits.MaxQueryLength;
    public const int MaxTerms = 16;
    private const int MinPrefix = 2;
    private const string Connectors = "-._@";

    /// <summary>The stop words of PostgreSQL's english configuration (snowball english.stop).</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "yourselves", "he", "him",
        "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their", "theirs", "themselves",
        "what", "which", "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be", "been", "being",
        "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as",
        "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through", "during", "before",
        "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under", "again", "further", "then",
        "once", "here", "there", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some",
        "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don",
        "should", "now",
    };

    private SearchQuery(List<List<Term>> groups, List<Term> excluded, string? prefix)
    {
        Groups = groups;
        Excluded = excluded;
        Prefix = prefix;
    }

    /// <summary>Terms that must occur: every group, and in a group any one of its terms.</summary>
    public IReadOnlyList<IReadOnlyList<Term>> Groups { get; }

    /// <summary>Terms that must not occur.</summary>
    public IReadOnlyList<Term> Excluded { get; }

    /// <summary>The start of the word being typed (letters and digits only), in <see cref="SearchMode.AnyWordAsTyped"/>.</summary>
    public string? Prefix { get; }

    /// <summary>True when nothing is left to look for.</summary>
    public bool IsEmpty => Groups.Count == 0 && Prefix is null;

    /// <summary>A bare word (<see cref="IsPhrase"/> false) or the words of a phrase, separated by single spaces; letters, digits and inner <c>-._@</c> only.</summary>
    public sealed record Term(string Text, bool IsPhrase);

    public static SearchQuery Parse(string? input, SearchMode mode = SearchMode.AllWords)
    {
        var text = Normalize(input ?? "");
        var groups = new List<List<Term>>();
        var excluded = new List<Term>();
        var count = 0;
        var pendingOr = false;

        void AddPositive(Term term)
        {
            if (count >= MaxTerms)
            {
                return;
            }

            count++;
            if (pendingOr && groups.Count > 0)
            {
                groups[^1].Add(term);
            }
            else
            {
                groups.Add([term]);
            }

            pendingOr = false;
        }

        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var negate = false;
            if (text[i] == '-' && i + 1 < text.Length && (text[i + 1] == '"' || IsWordChar(text[i + 1])))
            {
                negate = true;
                i++;
            }

            List<string> words;
            bool quoted;
            if (text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    end = text.Length;
                }

                words = Words(text[(i + 1)..end]);
                quoted = true;
                i = end + 1;
            }
            else
            {
                var end = i;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '"')
                {
                    end++;
                }

                var raw = text[i..end];
                i = end;
                if (!negate && raw.Equals("or", StringComparison.OrdinalIgnoreCase))
                {
                    pendingOr = groups.Count > 0;
                    continue;
                }

                words = Words(raw);
                quoted = false;
            }

            if (words.Count == 0)
            {
                continue;
            }

            if (negate)
            {
                pendingOr = false;
                var term = words.Count == 1 ? Bare(words[0]) : new Term(string.Join(' ', words), true);
                if (term is not null && count < MaxTerms)
                {
                    count++;
                    excluded.Add(term);
                }
            }
            else if (quoted && words.Count > 1)
            {
                AddPositive(new Term(string.Join(' ', words), true));
            }
            else
            {
                // Unquoted words split by punctuation are separate words: "foo(bar)" is foo and bar.
                var any = false;
                foreach (var word in words)
                {
                    if (Bare(word) is { } term)
                    {
                        AddPositive(term);
                        any = true;
                    }
                }

                if (!any)
                {
                    pendingOr = false;
                }
            }
        }

        if (mode == SearchMode.AllWords)
        {
            return new SearchQuery(groups, excluded, null);
        }

        // As typed: any word, best first; the last word may be unfinished unless the text ends with a space.
        var all = groups.SelectMany(g => g).ToList();
        string? prefix = null;
        if (all.Count > 0 && !all[^1].IsPhrase && text.Length > 0 && !char.IsWhiteSpace(text[^1]) && text[^1] != '"' &&
            all[^1].Text.Length >= MinPrefix && all[^1].Text.All(char.IsLetterOrDigit))
        {
            prefix = all[^1].Text;
            all.RemoveAt(all.Count - 1);
        }

        return new SearchQuery(all.Count == 0 ? [] : [all], [], prefix);
    }

    /// <summary>
    /// The query in SQLite FTS5 syntax. Every term is a double-quoted string (FTS5 reads no operator inside one), and
    /// <paramref name="columns"/>, when given, restricts the match to those columns.
    /// </summary>
    public string ToFts5(IReadOnlyList<string>? columns = null)
    {
        var parts = new List<string>();
        foreach (var group in Groups)
        {
            var rendered = group.Select(t => Quote(t.Text)).ToList();
            parts.Add(rendered.Count == 1 ? rendered[0] : "(" + string.Join(" OR ", rendered) + ")");
        }

        if (Prefix is not null)
        {
            var prefix = Quote(Prefix) + "*";
            if (parts.Count == 1 && Groups.Count == 1 && Groups[0].Count > 1)
            {
                parts[0] = parts[0][..^1] + " OR " + prefix + ")";
            }
            else if (parts.Count == 1)
            {
                parts[0] = "(" + parts[0] + " OR " + prefix + ")";
            }
            else
            {
                parts.Add(prefix);
            }
        }

        var expression = string.Join(" AND ", parts);
        if (Excluded.Count > 0)
        {
            expression = "(" + expression + ")" + string.Concat(Excluded.Select(t => " NOT " + Quote(t.Text)));
        }

        return columns is { Count: > 0 } ? "{" + string.Join(' ', columns) + "} : (" + expression + ")" : expression;
    }

    /// <summary>The query (without the prefix) as text for PostgreSQL's <c>websearch_to_tsquery</c>.</summary>
    public string ToWebSearch()
    {
        var parts = Groups.Select(g => string.Join(" or ", g.Select(WebTerm))).ToList();
        parts.AddRange(Excluded.Select(t => "-" + WebTerm(t)));
        return string.Join(' ', parts);
    }

    /// <summary>The prefix for PostgreSQL's <c>to_tsquery</c> (<c>word:*</c>); letters and digits only, so it carries no operator.</summary>
    public string? ToPrefixTsQuery() => Prefix is null ? null : Prefix + ":*";

    private static string WebTerm(Term t) => t.IsPhrase ? "\"" + t.Text + "\"" : t.Text;

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Term? Bare(string word) =>
        StopWords.Contains(word.ToLowerInvariant()) ? null : new Term(word, false);

    /// <summary>Splits on everything but letters, digits, marks and inner connectors; connectors at either end are trimmed.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            var word = current.ToString().Trim(Connectors.ToCharArray());
            if (word.Length > 0)
            {
                words.Add(word);
            }

            current.Clear();
        }

        foreach (var c in text)
        {
            if (IsWordChar(c) || Connectors.Contains(c, StringComparison.Ordinal))
            {
                current.Append(c);
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return words;
    }

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static string Normalize(string input)
    {
        var builder = new StringBuilder(input.Length);
        foreach (var c in input.Normalize(NormalizationForm.FormKC))
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) || c is SearchDocument.MarkStart or SearchDocument.MarkEnd ? ' ' : c);
        }

        return builder.ToString();
    }
}

/// <summary>
/// Turns the engine's marked text into HTML: every character of the text is encoded first, and only then are the
/// engine's marks (private-use characters that indexed text never contains) replaced by <c>&lt;mark&gt;</c>.
/// </summary>
internal static class Highlight
{
    public static string ToHtml(string? marked)
    {
        if (string.IsNullOrEmpty(marked))
        {
            return "";
        }

        var html = new StringBuilder(marked.Length + 32);
        var open = false;
        var segment = new StringBuilder();
        void FlushSegment()
        {
            html.Append(System.Net.WebUtility.HtmlEncode(segment.ToString()));
            segment.Clear();
        }

        foreach (var c in marked)
        {
            if (c == SearchDocument.MarkStart && !open)
            {
                FlushSegment();
                html.Append("<mark>");
                open = true;
            }
            else if (c == SearchDocument.MarkEnd && open)
            {
                FlushSegment();
                html.Append("</mark>");
                open = false;
            }
            else if (c is not (SearchDocument.MarkStart or SearchDocument.MarkEnd))
            {
                segment.Append(c);
            }
        }

        FlushSegment();
        if (open)
        {
            html.Append("</mark>");
        }

        return html.ToString();
    }

    public static bool HasMark(string? marked) => marked is not null && marked.Contains(SearchDocument.MarkStart, StringComparison.Ordinal);

    /// <summary>The text without marks (a title shown plain).</summary>
    public static string Plain(string? marked) =>
        marked is null ? "" : marked.Replace(SearchDocument.MarkStart.ToString(), "", StringComparison.Ordinal).Replace(SearchDocument.MarkEnd.ToString(), "", StringComparison.Ordinal);
}
