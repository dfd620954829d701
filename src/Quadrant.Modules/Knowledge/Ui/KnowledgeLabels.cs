using MudBlazor;
using Quadrant.Modules.Knowledge.Domain;

namespace Quadrant.Modules.Knowledge.Ui;

/// <summary>How article states and moves read on the pages.</summary>
internal static class KnowledgeLabels
{
    public static string Of(ArticleStatus status) => status switch
    {
        ArticleStatus.Review => "In review",
        _ => status.ToString(),
    };

    public static string Of(ArticleAudience audience) => audience == ArticleAudience.Everyone ? "Everyone" : "Staff only";

    public static Color ColorOf(ArticleStatus status) => status switch
    {
        ArticleStatus.Draft => Color.Default,
        ArticleStatus.Review => Color.Info,
        ArticleStatus.Published => Color.Success,
        _ => Color.Dark,
    };

    public static string MoveLabel(ArticleStatus from, ArticleStatus to) => (from, to) switch
    {
        (_, ArticleStatus.Review) => "Submit for review",
        (ArticleStatus.Review, ArticleStatus.Draft) => "Send back to draft",
        (_, ArticleStatus.Published) => "Publish",
        (ArticleStatus.Draft, ArticleStatus.Retired) => "Abandon (retire)",
        (_, ArticleStatus.Retired) => "Retire",
        _ => to.ToString(),
    };

    public static string MoveTestId(ArticleStatus to) => "article-move-" + KnowledgeArticle.Describe(to);
}
