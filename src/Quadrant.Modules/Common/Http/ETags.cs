using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Quadrant.Modules.Common.Http;

/// <summary>Optimistic concurrency over HTTP: a record's version is its ETag.</summary>
public static class ETags
{
    public static string For(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Reads If-Match. Returns a problem if it is missing or not one of our ETags.</summary>
    public static Outcome<int> ExpectedVersion(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfMatch.ToString();
        return Parse(header);
    }

    public static Outcome<int> Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Problem.PreconditionRequired();
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : Problem.Invalid("If-Match", "If-Match must be the ETag returned for the record, for example \"3\".");
    }

    /// <summary>Runs <paramref name="change"/> with the version from If-Match, or answers 428/400 when it is missing or malformed.</summary>
    public static async Task<IResult> RequireIfMatch(HttpRequest request, Func<int, Task<IResult>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var version = ExpectedVersion(request);
        return version.Succeeded ? await change(version.Value) : version.Problem!.ToResult();
    }

    public static IResult WithETag(this IResult result, HttpContext context, int version)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.ETag = For(version);
        return result;
    }
}
