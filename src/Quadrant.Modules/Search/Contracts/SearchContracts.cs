using Microsoft.Extensions.DependencyInjection;

namespace Quadrant.Modules.Search.Contracts;

/// <summary>
/// Who may find a record in the search index. <see cref="Everyone"/>: every signed-in user, requesters included.
/// Otherwise the holders of <see cref="Roles"/> (staff roles; never Requester) and, when an owner is given with the
/// entry, that one user. The staff-only text of an entry (<see cref="SearchEntry.StaffText"/>) is found only by the
/// holders of <see cref="Roles"/>, never by the owner or everyone.
/// </summary>
public sealed record SearchVisibility
{
    private SearchVisibility(bool everyone, IReadOnlyList<string> roles)
    {
        IsEveryone = everyone;
        Roles = roles;
    }

    public bool IsEveryone { get; }

    public IReadOnlyList<string> Roles { get; }

    /// <summary>Every signed-in user finds it; <paramref name="staffRoles"/> also find its staff-only text.</summary>
    public static SearchVisibility Everyone(IEnumerable<string>? staffRoles = null) => new(true, [.. staffRoles ?? []]);

    /// <summary>The holders of these roles (and the entry's owner, if any) find it.</summary>
    public static SearchVisibility Staff(IEnumerable<string> roles) => new(false, [.. roles]);
}

/// <summary>
/// One record as the search index holds it. <see cref="Text"/> is what its readers see (plain text, not markup);
/// <see cref="StaffText"/> (work notes, say) is matched and shown only to the staff roles of the visibility.
/// <see cref="UpdatedAt"/> breaks ties between equally ranked hits (newer first).
/// </summary>
public sealed record SearchEntry(
    string Kind,
    Guid Id,
    string Reference,
    string Title,
    string Text,
    Guid? OwnerUserId,
    SearchVisibility Visibility,
    DateTime UpdatedAt,
    string? Keywords = null,
    string? StaffText = null);

/// <summary>
/// Keeps the search index in step with a module's records. Both methods stage the change in the current unit of
/// work (the scoped DbContext): it is written by the caller's next <c>SaveChangesAsync</c>, in the same transaction
/// as the record itself, so the index never shows a change that was rolled back and never misses one that was
/// committed. Call them after changing the record and before saving.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Adds or replaces the entry of (<see cref="SearchEntry.Kind"/>, <see cref="SearchEntry.Id"/>).</summary>
    Task UpsertAsync(SearchEntry entry, CancellationToken ct);

    /// <summary>Takes a record out of the index (nothing happens if it is not there).</summary>
    Task RemoveAsync(string kind, Guid id, CancellationToken ct);
}

/// <summary>Limits every caller of the search shares.</summary>
public static class SearchLimits
{
    /// <summary>The longest query, in characters.</summary>
    public const int MaxQueryLength = 200;
}

/// <summary>How the words of a query combine.</summary>
public enum SearchMode
{
    /// <summary>Every word must occur (quoted phrases, <c>-word</c> and <c>or</c> work as in a web search).</summary>
    AllWords = 1,

    /// <summary>
    /// Any word may occur, best matches first, and the last word may be the start of a longer one (for suggestions
    /// while someone types, such as a new incident's title).
    /// </summary>
    AnyWordAsTyped = 2,
}

/// <summary>A query from a person: the text as typed, the kinds to look in (all when empty), and a page.</summary>
public sealed record SearchRequest(string Text, IReadOnlyList<string> Kinds, int Limit, int Offset = 0, SearchMode Mode = SearchMode.AllWords);

/// <summary>
/// One hit. <see cref="TitleHtml"/> and <see cref="Snippet"/> are HTML-encoded text in which only
/// <c>&lt;mark&gt;</c> elements (the matched words) are markup; they are safe to render as HTML.
/// <see cref="MatchedIn"/> is <c>text</c> or <c>staffText</c> (where the snippet comes from).
/// </summary>
public sealed record SearchHit(
    string Kind,
    Guid Id,
    string Reference,
    string Title,
    string TitleHtml,
    string Snippet,
    string MatchedIn,
    double Rank,
    string Url,
    string ApiUrl,
    DateTime UpdatedAt);

/// <summary>
/// A page of hits; <see cref="More"/> is true when another page follows. <see cref="Searchable"/> is false when
/// the query held no word to look for (only punctuation or very common words), in which case there are no hits.
/// </summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, bool More, bool Searchable);

/// <summary>Runs a query for the acting user: they only find what they may read.</summary>
public interface ISearch
{
    Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct);
}

/// <summary>
/// A kind of record in the index, registered by the module that owns it with <see cref="SearchKinds.AddSearchKind"/>.
/// <see cref="PagePath"/> and <see cref="ApiPath"/> contain <c>{id}</c>.
/// </summary>
public sealed record SearchKind(string Name, string Label, string PagePath, string ApiPath)
{
    public string PageUrl(Guid id) => PagePath.Replace("{id}", id.ToString(), StringComparison.Ordinal);

    public string ApiUrl(Guid id) => ApiPath.Replace("{id}", id.ToString(), StringComparison.Ordinal);
}

/// <summary>
/// All records of one kind, for (re)building the index: at the first start with a new index, when the module's
/// <see cref="Generation"/> changes (it changed what it indexes), and on request (<c>POST /api/v1/search/rebuild</c>).
/// </summary>
public interface ISearchSource
{
    string Kind { get; }

    /// <summary>Raise it when the entries of this kind change shape; the next start rebuilds the kind.</summary>
    int Generation { get; }

    /// <summary>Every record that belongs in the index, in batches.</summary>
    IAsyncEnumerable<IReadOnlyList<SearchEntry>> ReadAllAsync(CancellationToken ct);
}

public static class SearchKinds
{
    /// <summary>Registers a kind of record in the search index (its name is what <c>kinds=</c> filters on).</summary>
    public static IServiceCollection AddSearchKind(this IServiceCollection services, SearchKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return services.AddSingleton(kind);
    }

    /// <summary>Registers the source that rebuilds a kind of record (a scoped service).</summary>
    public static IServiceCollection AddSearchSource<TSource>(this IServiceCollection services)
        where TSource : class, ISearchSource => services.AddScoped<ISearchSource, TSource>();
}
