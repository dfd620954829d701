using System.Globalization;
using System.Text;
using Quadrant.Modules.Catalogue.Domain.Offerings;

namespace Quadrant.Modules.Catalogue.Features.PublishedCatalogue;

/// <summary>
/// The published catalogue as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
/// comma, a quote or a line break). One row per offering; a service without offerings has one row with empty
/// offering columns. Lists inside a cell are separated by "; ". UTF-8 with a byte-order mark, so spreadsheet
/// programs read accented names correctly.
/// </summary>
internal static class CatalogueCsv
{
    public static readonly string[] Header =
    [
        "Service", "Criticality", "Owner", "Live since", "Description", "Requirements summary", "Intended outcomes", "Customers",
        "Offering", "Offering description", "Audience", "Charge", "Fulfilment target",
    ];

    public static byte[] Write(PublishedCatalogueView catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var text = new StringBuilder();
        Row(text, Header);
        foreach (var s in catalogue.Services)
        {
            string[] service =
            [
                s.Name, s.Criticality.ToString().ToLowerInvariant(), s.OwnerName ?? "",
                s.LiveSince?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", s.Description, s.RequirementsSummary ?? "",
                string.Join("; ", s.Outcomes), string.Join("; ", s.Customers),
            ];
            if (s.Offerings.Count == 0)
            {
                Row(text, [.. service, "", "", "", "", ""]);
                continue;
            }

            foreach (var o in s.Offerings)
            {
                var audience = o.Audience == OfferingAudience.Everyone ? "everyone" : "customers: " + string.Join("; ", o.Customers);
                Row(text, [.. service, o.Name, o.Description, audience, o.Charge, o.FulfilmentTarget]);
            }
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static void Row(StringBuilder text, IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(Cell(cells[i]));
        }

        text.Append("\r\n");
    }

    /// <summary>
    /// One field. A value that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
    /// return) gets a leading apostrophe, so opening an export cannot execute text someone typed into the catalogue.
    /// </summary>
    public static string Cell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
