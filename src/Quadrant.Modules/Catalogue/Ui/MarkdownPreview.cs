using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Quadrant.Modules.Catalogue.Ui;

/// <summary>
/// A small preview of the Markdown people write in agreement documents: headings, bullet and numbered
/// lists, paragraphs, bold, italics and inline code. Every character of the text is HTML-encoded
/// first, so nothing the author types can become markup or script; links are shown as text.
/// </summary>
internal static partial class MarkdownPreview
{
    public static string ToHtml(string? markdown)
    {
        var html = new StringBuilder();
        string? openList = null;
        var paragraph = new List<string>();

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p>").Append(string.Join("<br />", paragraph.Select(Inline))).Append("</p>");
                paragraph.Clear();
            }
        }

        void CloseList()
        {
            if (openList is not null)
            {
                html.Append("</").Append(openList).Append('>');
                openList = null;
            }
        }

        foreach (var raw in (markdown ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                FlushParagraph();
                CloseList();
                continue;
            }

            var heading = Heading().Match(line);
            var bullet = Bullet().Match(line);
            var numbered = Numbered().Match(line);
            if (heading.Success)
            {
                FlushParagraph();
                CloseList();
                var level = Math.Min(heading.Groups[1].Length + 2, 6);
                html.Append("<h").Append(level).Append('>').Append(Inline(heading.Groups[2].Value)).Append("</h").Append(level).Append('>');
            }
            else if (bullet.Success || numbered.Success)
            {
                FlushParagraph();
                var kind = bullet.Success ? "ul" : "ol";
                if (openList != kind)
                {
                    CloseList();
                    html.Append('<').Append(kind).Append('>');
                    openList = kind;
                }

                html.Append("<li>").Append(Inline((bullet.Success ? bullet : numbered).Groups[1].Value)).Append("</li>");
            }
            else
            {
                CloseList();
                paragraph.Add(line.Trim());
            }
        }

        FlushParagraph();
        CloseList();
        return html.ToString();
    }

    private static string Inline(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        encoded = Code().Replace(encoded, "<code>$1</code>");
        encoded = Bold().Replace(encoded, "<strong>$1</strong>");
        return Italic().Replace(encoded, "<em>$1</em>");
    }

    [GeneratedRegex(@"^(#{1,4})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*[-*+]\s+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^\s*\d+[.)]\s+(.*)$")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\*\*([^*]+)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<![*\w])\*([^*]+)\*(?![*\w])")]
    private static partial Regex Italic();
}
