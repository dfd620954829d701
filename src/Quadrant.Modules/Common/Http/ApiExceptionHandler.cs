using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Common.Http;

/// <summary>
/// Turns exceptions into RFC 9457 problem details: unreadable JSON names the offending field,
/// rule violations and concurrent edits become 409, and nothing leaks a stack trace.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = Classify(exception);
        // The middleware has already pointed Request.Path at the error page; the original path is in the feature.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value ?? "";
        if (!path.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            // UI pages: the host's /error page answers in HTML.
            LogUnhandled(logger, exception, httpContext.Request.Method, path);
            return false;
        }

        if (problem.Status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, path);
        }

        httpContext.Response.Clear();
        await problem.ToResult().ExecuteAsync(httpContext);
        return true;
    }

    public static Problem Classify(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => FromJson(json),
        BadHttpRequestException bad when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) &&
                                         bad.StatusCode == StatusCodes.Status400BadRequest =>
            Problem.Invalid("body", "A JSON request body is required."),
        BadHttpRequestException bad => new Problem(bad.StatusCode, "Bad request.", bad.Message),
        JsonException json => FromJson(json),
        DomainRuleException rule => Problem.Conflict(rule.Message, rule.Field, rule.Rule),
        DbUpdateConcurrencyException => new Problem(StatusCodes.Status409Conflict, "The record was changed by someone else.",
            "Reload the record and apply your change again.", new Dictionary<string, string[]> { ["If-Match"] = ["Stale version."] }, "concurrency"),
        DbUpdateException db when DbErrors.IsUniqueViolation(db) => Problem.Conflict("A record with the same unique value already exists."),
        OperationCanceledException => new Problem(499, "Request cancelled."),
        _ => new Problem(StatusCodes.Status500InternalServerError, "Unexpected error.", "The error was logged. Nothing was saved."),
    };

    private static Problem FromJson(JsonException json)
    {
        var field = FieldFromPath(json.Path);
        var message = json.Message;
        // System.Text.Json prefixes its messages with type names; keep them short and field-centred.
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return Problem.Invalid(field, $"'{field}' is not a field of this request.");
        }

        if (json.InnerException is FormatException or InvalidOperationException || message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return Problem.Invalid(field, $"'{field}' has a value of the wrong type or an unknown value.");
        }

        return Problem.Invalid(field, $"The request body is not valid JSON near '{field}' (line {json.LineNumber + 1}).");
    }

    /// <summary>"$.owner.name" → "owner.name"; "$['odd key']" → "odd key"; "$" → "body".</summary>
    internal static string FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        trimmed = BracketName().Replace(trimmed, m => "." + m.Groups[1].Value).TrimStart('.');
        return trimmed.Length == 0 ? "body" : trimmed;
    }

    [GeneratedRegex(@"\['([^']*)'\]")]
    private static partial Regex BracketName();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
