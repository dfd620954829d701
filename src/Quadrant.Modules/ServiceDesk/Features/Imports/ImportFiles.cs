using System.Text;
using System.Text.Json;
using CsvHelper;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Imports;

/// <summary>One problem with one row of an import: the line (1-based, in the main file), the field as the file names it, and why.</summary>
public sealed record RowProblem(int Line, string? ExternalId, string Field, string Reason);

/// <summary>A nested entry of a row (a history step or a comment): where it came from, and its fields by normalized name.</summary>
public sealed record ImportEntry(string Where, IReadOnlyDictionary<string, string?> Fields);

/// <summary>
/// A record as read from the file, before any meaning is given to it: the line it starts on, its fields by
/// normalized name (lower case, without '_', '-' or spaces: <c>external_id</c>, <c>externalId</c> and
/// <c>External ID</c> are the same), its history and comments, and what was wrong with its shape.
/// </summary>
public sealed record ImportRow(int Line, IReadOnlyDictionary<string, string?> Fields, IReadOnlyList<ImportEntry> History, IReadOnlyList<ImportEntry> Comments, IReadOnlyList<RowProblem> Problems)
{
    public string? ExternalId => Value("externalid");

    public string? Value(string name) => Fields.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}

/// <summary>A parsed upload: its rows in file order, and problems that belong to no row (or make the file unreadable).</summary>
public sealed record ParsedImport(IReadOnlyList<ImportRow> Rows, IReadOnlyList<RowProblem> FileProblems, bool Unreadable);

/// <summary>
/// Reads CSV (one row per record; history in a second CSV file or a JSON <c>history</c> column) and JSON
/// lines (one object per line with nested <c>history</c> and <c>comments</c> arrays). Never throws on bad
/// input: wrong encoding, a missing column, a malformed line or an oversized field become problems with a
/// line number; a byte-order mark is skipped, quoted newlines and extra columns are fine.
/// </summary>
internal static class ImportFiles
{
    /// <summary>The longest JSON line or CSV field accepted (1 MiB); longer ones are rejected, not read.</summary>
    public const int MaxLineBytes = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Normalize(string name) =>
        new(name.Where(c => c is not ('_' or '-' or ' ' or '\t' or '\uFEFF')).Select(char.ToLowerInvariant).ToArray());

    public static ParsedImport Parse(ImportFormat format, byte[] content, byte[]? history, IReadOnlyList<string> requiredColumns) =>
        format == ImportFormat.JsonLines ? ParseJsonLines(content) : ParseCsv(content, history, requiredColumns);

    public static ParsedImport ParseJsonLines(byte[] content)
    {
        var rows = new List<ImportRow>();
        var start = Bom(content);
        var line = 0;
        while (start < content.Length)
        {
            line++;
            var end = Array.IndexOf(content, (byte)'\n', start);
            if (end < 0)
            {
                end = content.Length;
            }

            var length = end - start;
            var span = new ReadOnlySpan<byte>(content, start, length).TrimEnd((byte)'\r');
            start = end + 1;
            if (span.IsEmpty || span.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            if (span.Length > MaxLineBytes)
            {
                rows.Add(Bad(line, "line", $"The line is {span.Length:N0} bytes long; at most {MaxLineBytes:N0} are read."));
                continue;
            }

            string text;
            try
            {
                text = StrictUtf8.GetString(span);
            }
            catch (DecoderFallbackException)
            {
                rows.Add(Bad(line, "line", "The line is not UTF-8 text; save the file as UTF-8."));
                continue;
            }

            rows.Add(JsonRow(line, text));
        }

        return new ParsedImport(rows, [], false);
    }

    private static ImportRow JsonRow(int line, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return Bad(line, "line", $"Not a JSON object: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Bad(line, "line", "Each line is one JSON object ({\"externalId\": ..., ...}).");
            }

            var problems = new List<RowProblem>();
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            var history = new List<ImportEntry>();
            var comments = new List<ImportEntry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var name = Normalize(property.Name);
                if (name is "history" or "comments")
                {
                    var target = name == "history" ? history : comments;
                    ReadEntries(property.Value, property.Name, line, target, problems);
                    continue;
                }

                if (Scalar(property.Value, out var value))
                {
                    fields[name] = value;
                }
                else
                {
                    problems.Add(new RowProblem(line, null, property.Name, "Expected a text, a number, true/false or null."));
                }
            }

            return WithId(new ImportRow(line, fields, history, comments, problems));
        }
    }

    /// <summary>Reads a JSON array of objects (history or comments) into entries named <c>history[i]</c>.</summary>
    private static void ReadEntries(JsonElement array, string name, int line, List<ImportEntry> target, List<RowProblem> problems)
    {
        if (array.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new RowProblem(line, null, name, $"'{name}' is an array of objects."));
            return;
        }

        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"{name}[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new RowProblem(line, null, where, "Expected an object."));
                continue;
            }

            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var p in item.EnumerateObject())
            {
                if (Scalar(p.Value, out var v))
                {
                    fields[Normalize(p.Name)] = v;
                }
                else
                {
                    problems.Add(new RowProblem(line, null, $"{where}.{p.Name}", "Expected a text, a number, true/false or null."));
                }
            }

            target.Add(new ImportEntry(where, fields));
        }
    }

    private static bool Scalar(JsonElement value, out string? text)
    {
        text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;
    }

    public static ParsedImport ParseCsv(byte[] content, byte[]? historyContent, IReadOnlyList<string> requiredColumns)
    {
        var fileProblems = new List<RowProblem>();
        if (!Decode(content, "file", fileProblems, out var text))
        {
            return new ParsedImport([], fileProblems, true);
        }

        var records = ReadCsv(text, "file", fileProblems, out var header);
        if (header is null)
        {
            fileProblems.Add(new RowProblem(1, null, "file", "The file is empty: the first line names the columns."));
            return new ParsedImport([], fileProblems, true);
        }

        var missing = requiredColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            fileProblems.Add(new RowProblem(1, null, "header", $"Missing column{(missing.Count > 1 ? "s" : "")}: {string.Join(", ", missing)}. Found: {string.Join(", ", header)}."));
            return new ParsedImport([], fileProblems, true);
        }

        // History steps from the second file, by external id, in file order.
        var steps = new Dictionary<string, List<ImportEntry>>(StringComparer.Ordinal);
        var stepLines = new Dictionary<string, int>(StringComparer.Ordinal);
        if (historyContent is not null && Decode(historyContent, "historyFile", fileProblems, out var historyText))
        {
            var historyRecords = ReadCsv(historyText, "historyFile", fileProblems, out var historyHeader);
            var wanted = new[] { "externalid", "at", "status" };
            if (historyHeader is not null && wanted.All(historyHeader.Contains))
            {
                foreach (var (line, fields, problem) in historyRecords)
                {
                    var id = fields.GetValueOrDefault("externalid")?.Trim();
                    if (problem is not null || string.IsNullOrEmpty(id))
                    {
                        fileProblems.Add(new RowProblem(line, id, "historyFile", $"History file line {line}: {problem ?? "no externalId"}."));
                        continue;
                    }

                    if (!steps.TryGetValue(id, out var list))
                    {
                        steps[id] = list = [];
                        stepLines[id] = line;
                    }

                    list.Add(new ImportEntry($"history file line {line}", fields));
                }
            }
            else
            {
                fileProblems.Add(new RowProblem(1, null, "historyFile", $"The history file needs the columns externalId, at and status. Found: {string.Join(", ", historyHeader ?? [])}."));
            }
        }

        var rows = new List<ImportRow>(records.Count);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, fields, problem) in records)
        {
            if (problem is not null)
            {
                rows.Add(Bad(line, "line", problem));
                continue;
            }

            var problems = new List<RowProblem>();
            var history = new List<ImportEntry>();
            var comments = new List<ImportEntry>();
            foreach (var (column, target) in new[] { ("history", history), ("comments", comments) })
            {
                if (fields.GetValueOrDefault(column) is { Length: > 0 } json && !string.IsNullOrWhiteSpace(json))
                {
                    try
                    {
                        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
                        ReadEntries(document.RootElement, column, line, target, problems);
                    }
                    catch (JsonException e)
                    {
                        problems.Add(new RowProblem(line, null, column, $"The '{column}' column holds a JSON array: {e.Message}"));
                    }
                }
            }

            var externalId = fields.GetValueOrDefault("externalid")?.Trim();
            if (externalId is not null && steps.TryGetValue(externalId, out var fromFile))
            {
                if (history.Count > 0)
                {
                    problems.Add(new RowProblem(line, null, "history", "The history is given twice: in the 'history' column and in the history file."));
                }

                history.AddRange(fromFile);
                used.Add(externalId);
            }

            rows.Add(WithId(new ImportRow(line, fields, history, comments, problems)));
        }

        foreach (var (id, line) in stepLines.Where(s => !used.Contains(s.Key)))
        {
            fileProblems.Add(new RowProblem(line, id, "historyFile", $"History file line {line}: no row with externalId '{id}' in the main file."));
        }

        return new ParsedImport(rows, fileProblems, false);
    }

    private static bool Decode(byte[] bytes, string field, List<RowProblem> problems, out string text)
    {
        var start = Bom(bytes);
        try
        {
            text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
            return true;
        }
        catch (DecoderFallbackException e)
        {
            var at = Math.Max(0, Math.Min(bytes.Length, start + e.Index));
            var line = 1 + bytes.AsSpan(0, at).Count((byte)'\n');
            problems.Add(new RowProblem(line, null, field, $"The file is not UTF-8 text (line {line}); save it as UTF-8 (CSV UTF-8 in spreadsheet programs)."));
            text = "";
            return false;
        }
    }

    /// <summary>CSV records (line, fields by normalized header name, problem), with the header; comma, semicolon or tab separated (detected).</summary>
    private static List<(int Line, Dictionary<string, string?> Fields, string? Problem)> ReadCsv(string text, string field, List<RowProblem> problems, out List<string>? header)
    {
        var result = new List<(int, Dictionary<string, string?>, string?)>();
        header = null;
        string? bad = null;
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            Separator = null,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            AllowLineBreaksInQuotes = true,
            OnMalformedRecord = m => bad ??= m.Reason switch
            {
                CsvMalformedReason.UnterminatedQuote => "A quoted field is never closed (a missing \").",
                CsvMalformedReason.StrayQuote or CsvMalformedReason.TextAfterClosingQuote => "A quote in the middle of a field; quote the whole field and double the quotes inside it (\"\").",
                _ => $"Malformed CSV ({m.Reason}).",
            },
        };
        using var csv = CsvReader.FromText(text, options);
        var line = 1;
        while (true)
        {
            bad = null;
            try
            {
                if (!csv.Read())
                {
                    break;
                }
            }
            catch (Exception e) when (e is CsvFormatException or FormatException or InvalidOperationException or ArgumentException)
            {
                problems.Add(new RowProblem(line, null, field, $"Cannot read the CSV after line {line}: {FirstLine(e.Message)}"));
                break;
            }

            line = (int)csv.LineNumber;
            var record = new string[csv.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = csv.GetString(i);
                if (record[i].Length > MaxLineBytes)
                {
                    bad ??= $"Field {i + 1} is {record[i].Length:N0} characters long; at most {MaxLineBytes:N0} are read.";
                    record[i] = "";
                }
            }

            if (header is null)
            {
                header = record.Select(Normalize).ToList();
                continue;
            }

            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count && i < record.Length; i++)
            {
                if (header[i].Length > 0)
                {
                    fields.TryAdd(header[i], record[i]);
                }
            }

            result.Add((line, fields, bad));
        }

        return result;
    }

    private static int Bom(byte[] content) => content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? 3 : 0;

    private static ImportRow Bad(int line, string field, string reason) =>
        new(line, new Dictionary<string, string?>(), [], [], [new RowProblem(line, null, field, reason)]);

    private static ImportRow WithId(ImportRow row) =>
        row.Problems.Count == 0 ? row : row with { Problems = row.Problems.Select(p => p with { ExternalId = row.ExternalId }).ToList() };

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
