using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Search.Contracts;

namespace Quadrant.Modules.Search.Domain;

/// <summary>
/// One record in the full-text index: derived data, rewritten whenever its record changes (not audited; the
/// record's own changes are). SQLite indexes it through the FTS5 table <c>search_fts</c> kept in step by triggers;
/// PostgreSQL through two generated tsvector columns with GIN indexes. See docs/adr/0009-search-index.md.
/// </summary>
[NotAuditedEntity]
internal sealed class SearchDocument
{
    public const int MaxKind = 40;
    public const int MaxReference = 40;
    public const int MaxTitle = 500;
    public const int MaxKeywords = 2_000;

    /// <summary>Longer text is cut: the index is for finding a record, the record itself holds everything.</summary>
    public const int MaxText = 100_000;

    /// <summary>The engine marks matched words with these two private-use characters, so they are removed from indexed text.</summary>
    public const char MarkStart = '\uE000';
    public const char MarkEnd = '\uE001';

    private SearchDocument()
    {
    }

    /// <summary>An integer key: it is the FTS5 rowid on SQLite (stable, never reused).</summary>
    public long Id { get; private set; }

    public string Kind { get; private set; } = "";

    public Guid RecordId { get; private set; }

    public string Reference { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Keywords { get; private set; } = "";

    public string Body { get; private set; } = "";

    public string? StaffBody { get; private set; }

    public Guid? OwnerUserId { get; private set; }

    public bool Everyone { get; private set; }

    /// <summary>The staff roles that read the record (and its staff text), as bits (<see cref="RoleBits"/>).</summary>
    public int ReaderRoles { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime IndexedAt { get; private set; }

    public static SearchDocument Create(SearchEntry entry, DateTime now)
    {
        var document = new SearchDocument { Kind = entry.Kind, RecordId = entry.Id };
        document.Update(entry, now);
        return document;
    }

    public void Update(SearchEntry entry, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Reference = Clean(entry.Reference, MaxReference);
        Title = Clean(entry.Title, MaxTitle);
        Keywords = Clean(string.Join(' ', new[] { entry.Reference, entry.Keywords }.Where(k => !string.IsNullOrWhiteSpace(k))), MaxKeywords);
        Body = Clean(entry.Text, MaxText);
        StaffBody = string.IsNullOrWhiteSpace(entry.StaffText) ? null : Clean(entry.StaffText, MaxText);
        OwnerUserId = entry.OwnerUserId;
        Everyone = entry.Visibility.IsEveryone;
        ReaderRoles = RoleBits.Of(entry.Visibility.Roles);
        UpdatedAt = entry.UpdatedAt;
        IndexedAt = now;
    }

    /// <summary>Control characters become spaces, the two mark characters go, and the text is cut to its limit.</summary>
    internal static string Clean(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var chars = new char[Math.Min(text.Length, max)];
        var n = 0;
        foreach (var c in text)
        {
            if (n == chars.Length)
            {
                break;
            }

            if (c is MarkStart or MarkEnd)
            {
                continue;
            }

            chars[n++] = char.IsControl(c) && c is not ('\n' or '\t') ? ' ' : c;
        }

        // Never end on half a surrogate pair.
        if (n > 0 && char.IsHighSurrogate(chars[n - 1]))
        {
            n--;
        }

        return new string(chars, 0, n).Trim();
    }
}

/// <summary>
/// Which kinds were indexed by which generation of their source; a kind whose source has a newer generation is
/// rebuilt at start-up. Bookkeeping, not audited.
/// </summary>
[NotAuditedEntity]
internal sealed class SearchIndexState
{
    private SearchIndexState()
    {
    }

    public string Kind { get; private set; } = "";

    public int Generation { get; private set; }

    public int Documents { get; private set; }

    public DateTime RebuiltAt { get; private set; }

    public static SearchIndexState Create(string kind) => new() { Kind = kind };

    public void Rebuilt(int generation, int documents, DateTime now)
    {
        Generation = generation;
        Documents = documents;
        RebuiltAt = now;
    }
}

/// <summary>
/// Staff roles as bits of an integer, so a visibility check is one bitwise AND in SQL on both databases. The bits
/// are stored: never renumber one. A role without a bit cannot be given read access (a new role needs one here).
/// Requesters have no bit: they find what is visible to everyone and what they own.
/// </summary>
internal static class RoleBits
{
    private static readonly Dictionary<string, int> Bits = new(StringComparer.Ordinal)
    {
        [Roles.Agent] = 1,
        [Roles.ProcessOwner] = 2,
        [Roles.ServiceOwner] = 4,
        [Roles.SmsManager] = 8,
        [Roles.Auditor] = 16,
        [Roles.Executive] = 32,
        [Roles.Admin] = 64,
    };

    public static int Of(IEnumerable<string> roles)
    {
        var mask = 0;
        foreach (var role in roles)
        {
            if (!Bits.TryGetValue(role, out var bit))
            {
                throw new ArgumentException($"'{role}' cannot be given read access in the search index: " +
                    "requesters find records visible to everyone and their own; other roles need a bit in RoleBits.", nameof(roles));
            }

            mask |= bit;
        }

        return mask;
    }

    /// <summary>The bits of the roles a user holds (unknown roles and Requester add nothing).</summary>
    public static int OfUser(IEnumerable<string> held) => held.Aggregate(0, (mask, role) => mask | Bits.GetValueOrDefault(role));

    public static IReadOnlyCollection<string> RolesWithBits => Bits.Keys;
}
