using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Markdig;

namespace Quadrant.Modules.Knowledge.Domain;

/// <summary>
/// Article bodies are Markdown (CommonMark with tables, task lists, footnotes and auto-links; inline HTML allowed).
/// Markdig renders it, then an allow-list sanitizer removes everything that could run or mislead: script, event
/// handlers, javascript: and data: links, frames, forms, styles, ids and classes. Links get rel="noopener
/// noreferrer nofollow" and open in a new tab. What comes out is safe to render as HTML in any page.
/// </summary>
internal static class KnowledgeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "P", "DIV", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "TR", "PRE", "BLOCKQUOTE", "TABLE", "UL", "OL", "DL", "DT", "DD", "HR", "BR",
    };

    public static string ToHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    /// <summary>The words a reader sees, without markup (for the search index and summaries).</summary>
    public static string ToPlainText(string? markdown)
    {
        var html = ToHtml(markdown);
        if (html.Length == 0)
        {
            return "";
        }

        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        var text = new StringBuilder();
        Walk(document.Body!, text);
        return Collapse(text.ToString());
    }

    private static void Walk(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                // Line breaks in HTML text are spaces; the blocks below end the lines.
                text.Append(t.Data.Replace('\n', ' '));
            }
            else if (child is IElement e)
            {
                if (e.LocalName is "img" && e.GetAttribute("alt") is { Length: > 0 } alt)
                {
                    text.Append(' ').Append(alt).Append(' ');
                }

                Walk(e, text);
                if (BlockElements.Contains(e.TagName))
                {
                    text.Append('\n');
                }
                else if (e.LocalName is "td" or "th")
                {
                    text.Append(' ');
                }
            }
        }
    }

    private static string Collapse(string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n')
            .Select(l => string.Join(' ', l.Split(' ', '\t').Where(w => w.Length > 0)))
            .Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }

        // No styling, ids or classes from authors: they could overlay the page or clobber its scripts' globals.
        foreach (var attribute in new[] { "style", "id", "name", "class", "tabindex", "accesskey" })
        {
            sanitizer.AllowedAttributes.Remove(attribute);
        }

        foreach (var tag in new[] { "form", "button", "textarea", "select", "option", "optgroup", "fieldset", "legend", "label", "style", "iframe", "object", "embed" })
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element)
            {
                return;
            }

            switch (element.LocalName)
            {
                case "a":
                    element.SetAttribute("rel", "noopener noreferrer nofollow");
                    element.SetAttribute("target", "_blank");
                    break;
                case "input":
                    // Only the read-only check boxes of task lists.
                    if (!string.Equals(element.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase))
                    {
                        element.Remove();
                    }
                    else
                    {
                        element.SetAttribute("disabled", "disabled");
                    }

                    break;
            }
        };
        return sanitizer;
    }
}
