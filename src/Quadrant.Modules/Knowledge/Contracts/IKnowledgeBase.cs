namespace Quadrant.Modules.Knowledge.Contracts;

/// <summary>
/// An article as other modules see it. <see cref="Status"/> is draft, review, published or retired; <see cref="Live"/>
/// is true while a published version is readable. <see cref="Url"/> is its page.
/// </summary>
public sealed record ArticleReference(Guid Id, string Reference, string Title, string Status, bool Live, string Audience, string Url);

/// <summary>A published article that matches what someone typed; <see cref="TitleHtml"/> and <see cref="Snippet"/> mark the matched words (safe HTML).</summary>
public sealed record ArticleSuggestion(Guid Id, string Reference, string Title, string TitleHtml, string Snippet, string Url);

/// <summary>An article recorded as having helped with a record, and when.</summary>
public sealed record ArticleLink(ArticleReference Article, DateTime LinkedAt);

/// <summary>A record of another module that an article can be linked to: its search kind, audit record type, id and reference.</summary>
public sealed record LinkedRecord(string Kind, string RecordType, Guid Id, string Reference);

/// <summary>
/// What other modules may ask the knowledge base, always for the acting user: requesters only ever see published
/// articles meant for everyone. Links are staged in the current unit of work and written by the caller's save.
/// </summary>
public interface IKnowledgeBase
{
    /// <summary>Published articles matching text as it is being typed (any word; the last may be unfinished), best first.</summary>
    Task<IReadOnlyList<ArticleSuggestion>> SuggestAsync(string? text, int limit, CancellationToken ct);

    /// <summary>One article the acting user may read, or null.</summary>
    Task<ArticleReference?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>
    /// Records that the article helped with <paramref name="record"/> ("solved by"); a second link is a no-op. Null when
    /// the user cannot see the article; a DomainRuleException (knowledge.link-live) when it is not published.
    /// </summary>
    Task<ArticleReference?> LinkAsync(Guid articleId, LinkedRecord record, CancellationToken ct);

    /// <summary>Removes the link; false when there was none.</summary>
    Task<bool> UnlinkAsync(Guid articleId, string kind, Guid recordId, CancellationToken ct);

    /// <summary>The articles linked to a record that the acting user may read, oldest link first.</summary>
    Task<IReadOnlyList<ArticleLink>> LinkedToAsync(string kind, Guid recordId, CancellationToken ct);
}
