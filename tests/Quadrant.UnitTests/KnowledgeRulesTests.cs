using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Knowledge.Domain;

namespace Quadrant.UnitTests;

public class KnowledgeRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Writer = Guid.NewGuid();

    private static ArticleContent Content(string title = "VPN", string body = "Reset the token.", ArticleAudience audience = ArticleAudience.Everyone) =>
        new(title, body, null, "How-to", ["vpn"], audience);

    private static (KnowledgeArticle Article, ArticleVersion Latest) New() =>
        KnowledgeArticle.Create(1, Content(), Writer, new DateOnly(2027, 11, 24), Writer, "Writer", "", Now);

    [Fact]
    public void A_new_article_is_a_draft_with_its_first_version()
    {
        var (article, first) = New();
        Assert.Equal("KB-000001", article.Reference);
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Equal(1, first.Number);
        Assert.Equal("First version", first.ChangeNote);
        Assert.False(article.IsLive);
    }

    [Theory]
    [InlineData(ArticleStatus.Draft, ArticleStatus.Published)]
    [InlineData(ArticleStatus.Draft, ArticleStatus.Draft)]
    [InlineData(ArticleStatus.Review, ArticleStatus.Retired)]
    [InlineData(ArticleStatus.Published, ArticleStatus.Review)]
    [InlineData(ArticleStatus.Published, ArticleStatus.Draft)]
    [InlineData(ArticleStatus.Retired, ArticleStatus.Draft)]
    public void Moves_outside_the_lifecycle_are_refused_naming_the_allowed_ones(ArticleStatus from, ArticleStatus to)
    {
        var (article, latest) = New();
        foreach (var step in from switch
                 {
                     ArticleStatus.Review => new[] { ArticleStatus.Review },
                     ArticleStatus.Published => [ArticleStatus.Review, ArticleStatus.Published],
                     ArticleStatus.Retired => [ArticleStatus.Retired],
                     _ => [],
                 })
        {
            article.MoveTo(step, latest, null, Writer, Now);
        }

        var refused = Assert.Throws<DomainRuleException>(() => article.MoveTo(to, latest, null, Writer, Now));
        Assert.Equal("knowledge.transition", refused.Rule);
        Assert.Contains("Allowed:", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Publishing_makes_the_latest_version_the_one_readers_see_and_an_edit_drafts_the_next()
    {
        var (article, v1) = New();
        article.MoveTo(ArticleStatus.Review, v1, null, Writer, Now);
        article.MoveTo(ArticleStatus.Published, v1, "ok", Writer, Now);
        Assert.True(article.IsLive);
        Assert.Equal(1, article.PublishedVersion);
        Assert.Equal(Now, v1.PublishedAt);

        // Owner or review date only: no version, still published.
        Assert.Null(article.Edit(Content(), Guid.NewGuid(), new DateOnly(2028, 1, 1), v1, Writer, "Writer", "", Now));
        Assert.Equal(ArticleStatus.Published, article.Status);

        var v2 = article.Edit(Content(body: "Use the portal."), article.OwnerId, article.ReviewDate, v1, Writer, "Writer", "Portal", Now.AddHours(1));
        Assert.NotNull(v2);
        Assert.Equal(2, v2.Number);
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Equal(1, article.PublishedVersion);
        Assert.True(article.IsLive);
        Assert.Equal("Reset the token.", v1.Body); // the published version is unchanged
    }

    [Fact]
    public void Content_is_frozen_in_review_and_a_retired_article_is_final()
    {
        var (article, v1) = New();
        article.MoveTo(ArticleStatus.Review, v1, null, Writer, Now);
        Assert.Equal("knowledge.in-review",
            Assert.Throws<DomainRuleException>(() => article.Edit(Content(body: "x"), Writer, article.ReviewDate, v1, Writer, "W", "", Now)).Rule);
        // Metadata may still change in review.
        Assert.Null(article.Edit(Content(), Writer, new DateOnly(2028, 1, 1), v1, Writer, "W", "", Now));
        article.MoveTo(ArticleStatus.Draft, v1, "Add a screenshot", Writer, Now);
        Assert.Equal("Add a screenshot", article.StatusNote);
        article.MoveTo(ArticleStatus.Retired, v1, null, Writer, Now);
        Assert.Equal("knowledge.retired",
            Assert.Throws<DomainRuleException>(() => article.Edit(Content(), Writer, article.ReviewDate, v1, Writer, "W", "", Now)).Rule);
    }

    [Fact]
    public void A_version_that_differs_only_in_line_endings_is_no_change_and_review_is_due_on_its_date()
    {
        var (article, v1) = KnowledgeArticle.Create(1, Content(body: "a\r\nb\n\n"), Writer, new DateOnly(2026, 12, 1), Writer, "W", "", Now);
        Assert.Null(article.Edit(Content(body: "a\nb"), Writer, article.ReviewDate, v1, Writer, "W", "", Now));
        Assert.False(article.ReviewDue(new DateOnly(2026, 11, 30)));
        Assert.True(article.ReviewDue(new DateOnly(2026, 12, 1)));
    }

    [Fact]
    public void Only_published_articles_can_be_linked()
    {
        var (article, _) = New();
        Assert.Equal("knowledge.link-live",
            Assert.Throws<DomainRuleException>(() => KnowledgeLink.Create(article, "incident", "Incident", Guid.NewGuid(), "INC-000001", Writer, Now)).Rule);
    }
}

public class KnowledgeMarkdownTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "<script")]
    [InlineData("<img src=x onerror=alert(1)>", "onerror")]
    [InlineData("[x](javascript:alert(1))", "javascript:")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "alert")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "data:")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("<svg><script>alert(1)</script></svg>", "<script")]
    [InlineData("<form action=\"https://evil.example\"><input type=\"password\"></form>", "password")]
    [InlineData("<div style=\"position:fixed;top:0\">x</div>", "position")]
    [InlineData("<p id=\"app\" class=\"x\">x</p>", "id=")]
    [InlineData("<object data=\"x.swf\"></object>", "<object")]
    [InlineData("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "javascript")]
    public void Dangerous_markup_is_removed(string markdown, string forbidden) =>
        Assert.DoesNotContain(forbidden, KnowledgeMarkdown.ToHtml(markdown), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Markdown_renders_with_tables_task_lists_and_safe_links()
    {
        var html = KnowledgeMarkdown.ToHtml("# Title\n\n**bold** `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n[site](https://example.org)");
        Assert.Contains("<h1>Title</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<code>code</code>", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("type=\"checkbox\"", html, StringComparison.Ordinal);
        Assert.Contains("disabled", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">site</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_keeps_the_words_and_drops_markup_and_script()
    {
        var text = KnowledgeMarkdown.ToPlainText("# Reset\n\nOpen **Settings**.<script>alert('x')</script>\n\n- one\n- two\n\n| a | b |\n|---|---|\n| c | d |");
        Assert.Equal("Reset\nOpen Settings.\none\ntwo\na b\nc d", text);
    }
}
