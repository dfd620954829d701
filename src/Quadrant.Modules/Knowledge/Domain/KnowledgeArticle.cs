using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Knowledge.Domain;

/// <summary>Where an article is in its life: written, checked, in use, withdrawn.</summary>
public enum ArticleStatus
{
    Draft = 1,
    Review = 2,
    Published = 3,
    Retired = 4,
}

/// <summary>Who reads a published article: the staff only, or everyone including requesters.</summary>
public enum ArticleAudience
{
    Staff = 1,
    Everyone = 2,
}

/// <summary>The versioned part of an article: what a new version records.</summary>
internal sealed record ArticleContent(string Title, string Body, Guid? ServiceId, string Category, IReadOnlyList<string> Keywords, ArticleAudience Audience)
{
    public bool SameAs(ArticleVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Title == version.Title && ArticleVersion.Normalize(Body) == version.Body && ServiceId == version.ServiceId && Category == version.Category &&
               Audience == version.Audience && KnowledgeArticle.JoinKeywords(Keywords) == version.Keywords;
    }
}

/// <summary>
/// A knowledge article (ISO/IEC 20000-1 7.6: knowledge is determined, maintained and made available). Its content
/// lives in numbered, never-changed versions (<see cref="ArticleVersion"/>); the article records which version is the
/// latest and which one readers see (the published one). Editing a published article writes a new draft version
/// while the published one stays readable, until the new one is published in its place.
/// </summary>
[AuditRecordType("KnowledgeArticle")]
internal sealed class KnowledgeArticle
{
    public const int MaxTitle = 200;
    public const int MaxBody = 100_000;
    public const int MaxCategory = 100;
    public const int MaxKeyword = 50;
    public const int MaxKeywordCount = 20;
    public const int MaxChangeNote = 500;
    public const int MaxKeywordsText = MaxKeywordCount * (MaxKeyword + 2);

    /// <summary>The lifecycle (rule knowledge.transition). Editing a published article moves it back to draft by itself.</summary>
    public static readonly IReadOnlyDictionary<ArticleStatus, ArticleStatus[]> Allowed = new Dictionary<ArticleStatus, ArticleStatus[]>
    {
        [ArticleStatus.Draft] = [ArticleStatus.Review, ArticleStatus.Retired],
        [ArticleStatus.Review] = [ArticleStatus.Draft, ArticleStatus.Published],
        [ArticleStatus.Published] = [ArticleStatus.Retired],
        [ArticleStatus.Retired] = [],
    };

    private KnowledgeArticle()
    {
    }

    public Guid Id { get; private set; }

    public long Number { get; private set; }

    public ArticleStatus Status { get; private set; }

    /// <summary>The latest version's title, service, category and audience (for the staff's lists).</summary>
    public string Title { get; private set; } = "";

    public Guid? ServiceId { get; private set; }

    public string Category { get; private set; } = "";

    public ArticleAudience Audience { get; private set; }

    /// <summary>The published version's title, service and audience (for readers' lists); null until first published.</summary>
    public string? PublishedTitle { get; private set; }

    public Guid? PublishedServiceId { get; private set; }

    public ArticleAudience? PublishedAudience { get; private set; }

    public Guid OwnerId { get; private set; }

    /// <summary>When the owner next checks that the article is still right (it is listed as due from that day).</summary>
    public DateOnly ReviewDate { get; private set; }

    public int CurrentVersion { get; private set; }

    public int? PublishedVersion { get; private set; }

    public DateTime? PublishedAt { get; private set; }

    public DateTime? RetiredAt { get; private set; }

    /// <summary>What the last move through the lifecycle said (for example why a review sent it back).</summary>
    public string? StatusNote { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public string Reference => Format(Number);

    /// <summary>Readers see the published version: one exists and the article is not retired.</summary>
    public bool IsLive => PublishedVersion is not null && Status != ArticleStatus.Retired;

    public static string Format(long number) => $"KB-{number:000000}";

    public static string JoinKeywords(IEnumerable<string> keywords) => string.Join(", ", keywords);

    public static IReadOnlyList<string> SplitKeywords(string keywords) =>
        keywords.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static (KnowledgeArticle Article, ArticleVersion First) Create(long number, ArticleContent content, Guid ownerId, DateOnly reviewDate,
        Guid authorId, string authorName, string changeNote, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(content);
        var article = new KnowledgeArticle
        {
            Id = Guid.CreateVersion7(now),
            Number = number,
            Status = ArticleStatus.Draft,
            OwnerId = ownerId,
            ReviewDate = reviewDate,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var first = ArticleVersion.Create(article.Id, 1, content, authorId, authorName, string.IsNullOrWhiteSpace(changeNote) ? "First version" : changeNote, now);
        article.Take(first);
        return (article, first);
    }

    /// <summary>
    /// Changes the article. New content writes the next version (returned) and puts a published article back in draft,
    /// its published version still readable; owner and review date alone write no version. Rules: knowledge.in-review
    /// (content is frozen while reviewed), knowledge.retired (a retired article is final).
    /// </summary>
    public ArticleVersion? Edit(ArticleContent content, Guid ownerId, DateOnly reviewDate, ArticleVersion latest, Guid authorId, string authorName,
        string changeNote, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(latest);
        if (latest.ArticleId != Id || latest.Number != CurrentVersion)
        {
            throw new ArgumentException("Not the latest version of this article.", nameof(latest));
        }

        if (Status == ArticleStatus.Retired)
        {
            throw new DomainRuleException("knowledge.retired", $"{Reference} is retired; write a new article instead.");
        }

        var changed = !content.SameAs(latest);
        if (changed && Status == ArticleStatus.Review)
        {
            throw new DomainRuleException("knowledge.in-review",
                $"{Reference} is in review, so its content is frozen. Send it back to draft to change it.", "body");
        }

        OwnerId = ownerId;
        ReviewDate = reviewDate;
        UpdatedAt = now;
        if (!changed)
        {
            return null;
        }

        var next = ArticleVersion.Create(Id, CurrentVersion + 1, content, authorId, authorName,
            string.IsNullOrWhiteSpace(changeNote) ? $"Version {CurrentVersion + 1}" : changeNote, now);
        Take(next);
        if (Status == ArticleStatus.Published)
        {
            Status = ArticleStatus.Draft;
            StatusNote = null;
        }

        return next;
    }

    /// <summary>
    /// Moves the article to <paramref name="to"/> if the lifecycle allows it (rule knowledge.transition). Publishing makes
    /// <paramref name="latest"/> the version readers see and stamps it as published.
    /// </summary>
    public void MoveTo(ArticleStatus to, ArticleVersion latest, string? note, Guid by, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(latest);
        if (!Allowed[Status].Contains(to))
        {
            var allowed = Allowed[Status];
            throw new DomainRuleException("knowledge.transition",
                $"An article that is {Describe(Status)} cannot become {Describe(to)}. Allowed: {(allowed.Length == 0 ? "none" : string.Join(", ", allowed.Select(Describe)))}.", "to");
        }

        if (latest.ArticleId != Id || latest.Number != CurrentVersion)
        {
            throw new ArgumentException("Not the latest version of this article.", nameof(latest));
        }

        if (to == ArticleStatus.Published)
        {
            latest.MarkPublished(by, now);
            PublishedVersion = latest.Number;
            PublishedTitle = latest.Title;
            PublishedServiceId = latest.ServiceId;
            PublishedAudience = latest.Audience;
            PublishedAt = now;
        }

        if (to == ArticleStatus.Retired)
        {
            RetiredAt = now;
        }

        Status = to;
        StatusNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        UpdatedAt = now;
    }

    public bool ReviewDue(DateOnly today) => Status != ArticleStatus.Retired && ReviewDate <= today;

    public static string Describe(ArticleStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    private void Take(ArticleVersion version)
    {
        CurrentVersion = version.Number;
        Title = version.Title;
        ServiceId = version.ServiceId;
        Category = version.Category;
        Audience = version.Audience;
    }
}

/// <summary>
/// One version of an article's content, written once and never changed (only stamped when it is published). The
/// article's history records each as "versions: +version N (note)".
/// </summary>
internal sealed class ArticleVersion : IAuditedAsPartOf
{
    private ArticleVersion()
    {
    }

    public Guid Id { get; private set; }

    public Guid ArticleId { get; private set; }

    /// <summary>1, 2, 3, … per article without gaps.</summary>
    public int Number { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>Markdown (rendered and sanitized when shown).</summary>
    public string Body { get; private set; } = "";

    public Guid? ServiceId { get; private set; }

    public string Category { get; private set; } = "";

    /// <summary>Comma-separated.</summary>
    public string Keywords { get; private set; } = "";

    public ArticleAudience Audience { get; private set; }

    public string ChangeNote { get; private set; } = "";

    public Guid AuthorId { get; private set; }

    /// <summary>The author's name when the version was written (kept if the account is renamed).</summary>
    public string AuthorName { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime? PublishedAt { get; private set; }

    public Guid? PublishedById { get; private set; }

    string IAuditedAsPartOf.OwnerRecordType => "KnowledgeArticle";

    Guid IAuditedAsPartOf.OwnerRecordId => ArticleId;

    string IAuditedAsPartOf.Field => "versions";

    string IAuditedAsPartOf.Value => $"version {Number} ({ChangeNote})";

    public static ArticleVersion Create(Guid articleId, int number, ArticleContent content, Guid authorId, string authorName, string changeNote, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ArticleId = articleId,
        Number = number,
        Title = content.Title,
        Body = Normalize(content.Body),
        ServiceId = content.ServiceId,
        Category = content.Category,
        Keywords = KnowledgeArticle.JoinKeywords(content.Keywords),
        Audience = content.Audience,
        ChangeNote = changeNote,
        AuthorId = authorId,
        AuthorName = authorName,
        CreatedAt = now,
    };

    public ArticleContent Content() => new(Title, Body, ServiceId, Category, KnowledgeArticle.SplitKeywords(Keywords), Audience);

    /// <summary>The one stamp a version ever gets; its content stays as written.</summary>
    public void MarkPublished(Guid by, DateTime now)
    {
        if (PublishedAt is null)
        {
            PublishedAt = now;
            PublishedById = by;
        }
    }

    /// <summary>Line endings as \n and no trailing white space at the end, so an unchanged text compares equal.</summary>
    public static string Normalize(string body) => body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd();
}

/// <summary>
/// A record that an article helped with ("solved by"): an incident today, service requests and problems later.
/// Recorded in the linked record's history as "knowledge: +KB-000001".
/// </summary>
internal sealed class KnowledgeLink : IAuditedAsPartOf
{
    public const int MaxKind = 40;
    public const int MaxReference = 40;

    private KnowledgeLink()
    {
    }

    public Guid Id { get; private set; }

    public Guid ArticleId { get; private set; }

    public string ArticleReference { get; private set; } = "";

    /// <summary>The search kind of the linked record ("incident").</summary>
    public string Kind { get; private set; } = "";

    /// <summary>The audit record type of the linked record ("Incident").</summary>
    public string RecordType { get; private set; } = "";

    public Guid RecordId { get; private set; }

    public string RecordReference { get; private set; } = "";

    public Guid LinkedById { get; private set; }

    public DateTime LinkedAt { get; private set; }

    string IAuditedAsPartOf.OwnerRecordType => RecordType;

    Guid IAuditedAsPartOf.OwnerRecordId => RecordId;

    string IAuditedAsPartOf.Field => "knowledge";

    string IAuditedAsPartOf.Value => ArticleReference;

    public static KnowledgeLink Create(KnowledgeArticle article, string kind, string recordType, Guid recordId, string recordReference, Guid by, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (!article.IsLive)
        {
            throw new DomainRuleException("knowledge.link-live",
                $"{article.Reference} is not published; only published articles can be recorded as having helped.", "articleId");
        }

        return new KnowledgeLink
        {
            Id = Guid.CreateVersion7(now),
            ArticleId = article.Id,
            ArticleReference = article.Reference,
            Kind = kind,
            RecordType = recordType,
            RecordId = recordId,
            RecordReference = recordReference,
            LinkedById = by,
            LinkedAt = now,
        };
    }
}
