using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using Quadrant.Modules.Catalogue.Domain.Offerings;
using Quadrant.Modules.Common.Http;

namespace Quadrant.Modules.Catalogue.Features.PublishedCatalogue;

/// <summary>
/// Serves PDFsharp the DejaVu Sans faces from a folder (Debian's fonts-dejavu-core puts them in
/// /usr/share/fonts/truetype/dejavu). Every family name maps to DejaVu Sans, which covers Latin, Greek and
/// Cyrillic text. PDFsharp takes one resolver per process, so there is one instance.
/// </summary>
internal sealed class DejaVuFontResolver : IFontResolver
{
    public const string DefaultDirectory = "/usr/share/fonts/truetype/dejavu";
    public const string Family = "DejaVu Sans";
    private static readonly string[] Faces = ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"];
    private static readonly Lock Gate = new();
    private readonly ConcurrentDictionary<string, byte[]> cache = new(StringComparer.Ordinal);
    private string directory = DefaultDirectory;
    private bool installed;

    private DejaVuFontResolver()
    {
    }

    public static DejaVuFontResolver Instance { get; } = new();

    /// <summary>The font files that are not in <paramref name="folder"/> (empty when all are there).</summary>
    public static IReadOnlyList<string> Missing(string folder) =>
        Faces.Select(f => f + ".ttf").Where(file => !File.Exists(Path.Combine(folder, file))).ToList();

    /// <summary>Checks the fonts and makes this the process's resolver. Returns why PDFs cannot be made, or null.</summary>
    public string? Install(string folder)
    {
        lock (Gate)
        {
            if (installed)
            {
                return null;
            }

            var missing = Missing(folder);
            if (missing.Count > 0)
            {
                return $"PDF export needs the DejaVu Sans fonts, and {string.Join(", ", missing)} is missing from {folder}. " +
                       "On Debian or Ubuntu install them with 'apt-get install fonts-dejavu-core', or point Quadrant:Pdf:FontDirectory at a folder that has them.";
            }

            directory = folder;
            GlobalFontSettings.FontResolver = this;
            installed = true;
            return null;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new((bold, italic) switch
        {
            (true, true) => Faces[3],
            (true, false) => Faces[1],
            (false, true) => Faces[2],
            _ => Faces[0],
        });

    public byte[]? GetFont(string faceName) =>
        cache.GetOrAdd(faceName, f => File.ReadAllBytes(Path.Combine(directory, f + ".ttf")));
}

/// <summary>Draws the published catalogue as an A4 PDF: a title block, then one section per service, with bookmarks.</summary>
internal sealed partial class CataloguePdf(IConfiguration configuration, ILogger<CataloguePdf> logger)
{
    public Outcome<byte[]> Render(PublishedCatalogueView catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var folder = configuration["Quadrant:Pdf:FontDirectory"] is { Length: > 0 } configured ? configured : DejaVuFontResolver.DefaultDirectory;
        if (DejaVuFontResolver.Instance.Install(folder) is { } reason)
        {
            LogFontsMissing(logger, reason);
            return new Problem(StatusCodes.Status503ServiceUnavailable, "PDF export unavailable.", reason);
        }

        return Layout.Draw(catalogue);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}")]
    private static partial void LogFontsMissing(ILogger logger, string reason);

    /// <summary>A top-to-bottom writer that wraps text to the page width and starts a new page when one is full.</summary>
    private sealed class Layout : IDisposable
    {
        private const double Margin = 50;
        // Fonts and brushes belong to one document: PDFsharp's drawing objects are not shared between threads.
        private readonly XFont titleFont = new(DejaVuFontResolver.Family, 22, XFontStyleEx.Bold);
        private readonly XFont headingFont = new(DejaVuFontResolver.Family, 14, XFontStyleEx.Bold);
        private readonly XFont labelFont = new(DejaVuFontResolver.Family, 10, XFontStyleEx.Bold);
        private readonly XFont bodyFont = new(DejaVuFontResolver.Family, 10, XFontStyleEx.Regular);
        private readonly XFont smallFont = new(DejaVuFontResolver.Family, 8.5, XFontStyleEx.Regular);
        private readonly XSolidBrush ink = new(XColor.FromArgb(33, 33, 33));
        private readonly XSolidBrush muted = new(XColor.FromArgb(97, 97, 97));
        private readonly XSolidBrush accent = new(XColor.FromArgb(25, 84, 166));
        private readonly XPen rule = new(XColor.FromArgb(200, 200, 200), 0.6);

        private readonly PdfDocument document = new();
        private PdfPage page = default!;
        private XGraphics? graphics;
        private double y;

        private Layout()
        {
            NewPage();
        }

        private double Width => page.Width.Point - (2 * Margin);

        private double Bottom => page.Height.Point - Margin - 14;

        public static byte[] Draw(PublishedCatalogueView catalogue)
        {
            using var layout = new Layout();
            return layout.Write(catalogue);
        }

        private XGraphics G => graphics ?? throw new InvalidOperationException("The document is finished.");

        public void Dispose()
        {
            graphics?.Dispose();
            document.Dispose();
        }

        private byte[] Write(PublishedCatalogueView catalogue)
        {
            var generated = catalogue.GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            document.Info.Title = "Service catalogue";
            document.Info.Subject = $"Live services as published on {generated}";
            document.Info.Creator = "Quadrant";

            Text("Service catalogue", titleFont, accent, spaceAfter: 6);
            Text($"Live services as published on {generated}. {catalogue.Services.Count} service{(catalogue.Services.Count == 1 ? "" : "s")}.", bodyFont, muted, spaceAfter: 14);
            if (catalogue.Services.Count == 0)
            {
                Text("No service is live yet.", bodyFont, ink);
            }

            foreach (var s in catalogue.Services)
            {
                // Keep a heading with at least a few lines of its section.
                Room(headingFont.GetHeight() + (4 * bodyFont.GetHeight()));
                document.Outlines.Add(s.Name, page, true);
                Text(s.Name, headingFont, accent, spaceAfter: 2);
                var facts = new List<string> { $"Criticality: {s.Criticality}", $"Owner: {s.OwnerName ?? "not named"}" };
                if (s.LiveSince is { } live)
                {
                    facts.Add("Live since " + live.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                Text(string.Join("  ·  ", facts), smallFont, muted, spaceAfter: 6);
                if (!string.IsNullOrWhiteSpace(s.Description))
                {
                    Text(s.Description, bodyFont, ink, spaceAfter: 6);
                }

                if (!string.IsNullOrWhiteSpace(s.RequirementsSummary))
                {
                    Text("What it must deliver", labelFont, ink, spaceAfter: 1);
                    Text(s.RequirementsSummary, bodyFont, ink, spaceAfter: 6);
                }

                if (s.Outcomes.Count > 0)
                {
                    Text("Intended outcomes", labelFont, ink, spaceAfter: 1);
                    foreach (var outcome in s.Outcomes)
                    {
                        Text("•  " + outcome, bodyFont, ink, indent: 10, spaceAfter: 1);
                    }

                    y += 5;
                }

                Text("Customers", labelFont, ink, spaceAfter: 1);
                Text(s.Customers.Count == 0 ? "None recorded." : string.Join(", ", s.Customers), bodyFont, ink, spaceAfter: 6);

                Text("Offerings", labelFont, ink, spaceAfter: 1);
                if (s.Offerings.Count == 0)
                {
                    Text("Nothing to order at the moment.", bodyFont, ink, spaceAfter: 6);
                }

                foreach (var o in s.Offerings)
                {
                    Text("•  " + o.Name, labelFont, ink, indent: 10, spaceAfter: 1);
                    if (!string.IsNullOrWhiteSpace(o.Description))
                    {
                        Text(o.Description, bodyFont, ink, indent: 22, spaceAfter: 1);
                    }

                    var terms = new List<string> { o.Audience == OfferingAudience.Everyone ? "For everyone" : "For " + string.Join(", ", o.Customers) };
                    if (!string.IsNullOrWhiteSpace(o.Charge))
                    {
                        terms.Add("Charge: " + o.Charge);
                    }

                    if (!string.IsNullOrWhiteSpace(o.FulfilmentTarget))
                    {
                        terms.Add("Fulfilment: " + o.FulfilmentTarget);
                    }

                    Text(string.Join("  ·  ", terms), smallFont, muted, indent: 22, spaceAfter: 5);
                }

                Room(12);
                G.DrawLine(rule, Margin, y + 3, Margin + Width, y + 3);
                y += 14;
            }

            graphics?.Dispose();
            graphics = null;
            Footers(generated);
            using var stream = new MemoryStream();
            document.Save(stream, false);
            return stream.ToArray();
        }

        private void Footers(string generated)
        {
            var count = document.PageCount;
            for (var i = 0; i < count; i++)
            {
                var p = document.Pages[i];
                using var g = XGraphics.FromPdfPage(p, XGraphicsPdfPageOptions.Append);
                var line = $"Quadrant · Service catalogue · {generated} · page {i + 1} of {count}";
                g.DrawString(line, smallFont, muted, new XRect(Margin, p.Height.Point - Margin, p.Width.Point - (2 * Margin), 12), XStringFormats.TopCenter);
            }
        }

        private void NewPage()
        {
            graphics?.Dispose();
            page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            graphics = XGraphics.FromPdfPage(page);
            y = Margin;
        }

        private void Room(double height)
        {
            if (y + height > Bottom)
            {
                NewPage();
            }
        }

        private void Text(string text, XFont font, XBrush brush, double indent = 0, double spaceAfter = 4)
        {
            var lineHeight = font.GetHeight() * 1.15;
            foreach (var line in Wrap(text, font, Width - indent))
            {
                Room(lineHeight);
                G.DrawString(line, font, brush, new XRect(Margin + indent, y, Width - indent, lineHeight), XStringFormats.TopLeft);
                y += lineHeight;
            }

            y += spaceAfter;
        }

        /// <summary>Breaks text into lines no wider than <paramref name="width"/>: at spaces, or inside a word too long for a line.</summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                var current = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = current.Length == 0 ? word : current + " " + word;
                    if (G.MeasureString(candidate, font).Width <= width)
                    {
                        current = candidate;
                        continue;
                    }

                    if (current.Length > 0)
                    {
                        lines.Add(current);
                    }

                    current = word;
                    while (current.Length > 1 && G.MeasureString(current, font).Width > width)
                    {
                        var fit = current.Length - 1;
                        while (fit > 1 && G.MeasureString(current[..fit], font).Width > width)
                        {
                            fit--;
                        }

                        lines.Add(current[..fit]);
                        current = current[fit..];
                    }
                }

                lines.Add(current);
            }

            return lines;
        }
    }
}
