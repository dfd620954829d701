using System.Text;

namespace Quadrant.Modules.ServiceDesk.Domain;

/// <summary>Attachment limits (Quadrant:Attachments).</summary>
public sealed class AttachmentOptions
{
    /// <summary>The largest file accepted, in bytes (default 10 MB).</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>
/// Which files may be attached: an allow-list of extensions, each with the content it must really
/// have (checked on the bytes, not on what the client claims). The stored content type comes from the
/// extension; the file name is reduced to a safe name.
/// </summary>
internal static class AttachmentRules
{
    private static readonly Dictionary<string, (string Kind, string ContentType)> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = ("png", "image/png"),
        [".jpg"] = ("jpeg", "image/jpeg"),
        [".jpeg"] = ("jpeg", "image/jpeg"),
        [".gif"] = ("gif", "image/gif"),
        [".pdf"] = ("pdf", "application/pdf"),
        [".txt"] = ("text", "text/plain"),
        [".log"] = ("text", "text/plain"),
        [".csv"] = ("text", "text/csv"),
        [".eml"] = ("text", "message/rfc822"),
        [".docx"] = ("zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        [".xlsx"] = ("zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        [".pptx"] = ("zip", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        [".odt"] = ("zip", "application/vnd.oasis.opendocument.text"),
        [".ods"] = ("zip", "application/vnd.oasis.opendocument.spreadsheet"),
        [".zip"] = ("zip", "application/zip"),
    };

    public static IEnumerable<string> Extensions => Allowed.Keys.Order(StringComparer.Ordinal);

    /// <summary>The reason a file is refused (413 too large, 415 type not allowed), or null with its content type.</summary>
    public static (int Status, string Message)? Refusal(string fileName, byte[] content, long maxBytes, out string contentType)
    {
        ArgumentNullException.ThrowIfNull(content);
        contentType = "application/octet-stream";
        if (content.LongLength > maxBytes)
        {
            return (413, $"The file is {content.LongLength} bytes; the limit is {maxBytes} bytes ({maxBytes / (1024 * 1024)} MB).");
        }

        var extension = Path.GetExtension(fileName);
        if (!Allowed.TryGetValue(extension, out var rule))
        {
            return (415, $"Files of type '{(extension.Length == 0 ? "(none)" : extension)}' cannot be attached. Allowed: {string.Join(", ", Extensions)}.");
        }

        var sniffed = Sniff(content);
        if (sniffed != rule.Kind)
        {
            return (415, $"The file's content ({sniffed}) does not match its extension '{extension}'.");
        }

        contentType = rule.ContentType;
        return null;
    }

    /// <summary>What the bytes are: png, jpeg, gif, pdf, zip, executable, text or binary.</summary>
    public static string Sniff(byte[] b)
    {
        ArgumentNullException.ThrowIfNull(b);
        bool Starts(params byte[] magic) => b.Length >= magic.Length && b.AsSpan(0, magic.Length).SequenceEqual(magic);
        if (Starts(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A))
        {
            return "png";
        }

        if (Starts(0xFF, 0xD8, 0xFF))
        {
            return "jpeg";
        }

        if (Starts((byte)'G', (byte)'I', (byte)'F', (byte)'8'))
        {
            return "gif";
        }

        if (Starts((byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-'))
        {
            return "pdf";
        }

        if (Starts((byte)'P', (byte)'K', 3, 4) || Starts((byte)'P', (byte)'K', 5, 6))
        {
            return "zip";
        }

        if (Starts((byte)'M', (byte)'Z') || Starts(0x7F, (byte)'E', (byte)'L', (byte)'F') || Starts((byte)'#', (byte)'!'))
        {
            return "executable";
        }

        var head = b.AsSpan(0, Math.Min(b.Length, 8192));
        if (head.Contains((byte)0))
        {
            return "binary";
        }

        return "text";
    }

    /// <summary>
    /// A safe file name: no directories, no control or reserved characters, no leading dots, at most
    /// 200 characters (the extension kept); "file" when nothing is left.
    /// </summary>
    public static string SanitizeFileName(string? name)
    {
        var raw = (name ?? "").Replace('\\', '/');
        raw = raw[(raw.LastIndexOf('/') + 1)..];
        var clean = new StringBuilder();
        foreach (var c in raw.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || "\"<>:|?*;%".Contains(c, StringComparison.Ordinal) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                clean.Append('_');
            }
            else
            {
                clean.Append(c);
            }
        }

        var result = clean.ToString().Trim().TrimStart('.').Trim();
        if (result.Length > IncidentAttachment.MaxFileName)
        {
            var extension = Path.GetExtension(result);
            extension = extension.Length > 20 ? "" : extension;
            result = result[..(IncidentAttachment.MaxFileName - extension.Length)] + extension;
        }

        return result.Length == 0 || result.All(c => c == '_') ? "file" + Path.GetExtension(result) : result;
    }
}
