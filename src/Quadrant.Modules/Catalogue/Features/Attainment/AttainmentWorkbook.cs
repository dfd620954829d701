using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Quadrant.Modules.Catalogue.Features.Attainment;

/// <summary>Writes the attainment report as a one-sheet .xlsx (typed numeric cells, a header row).</summary>
internal static class AttainmentWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Build(AttainmentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(TextRow("Period", $"{report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd} (exclusive)"));
            data.Append(TextRow(report.GroupBy.ToString(), "Measured", "Met", "Breached", "Attainment %"));
            foreach (var r in report.Rows.Append(report.Total))
            {
                var row = new Row();
                row.Append(Text(r.Name), Number(r.Measured), Number(r.Met), Number(r.Breached));
                row.Append(r.AttainmentPercent is { } p ? Number(p) : Text(""));
                data.Append(row);
            }

            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Attainment" });
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row TextRow(params string[] values)
    {
        var row = new Row();
        row.Append(values.Select(Text));
        return row;
    }

    private static Cell Text(string value) => new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value)) };

    private static Cell Number(double value) => new() { DataType = CellValues.Number, CellValue = new CellValue(value.ToString(CultureInfo.InvariantCulture)) };
}
