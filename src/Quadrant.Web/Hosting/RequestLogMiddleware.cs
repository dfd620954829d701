using System.Diagnostics;
using System.Security.Claims;

namespace Quadrant.Web.Hosting;

/// <summary>One structured log line per API and account request: method, path, status, duration, user.</summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/account"))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Log(logger, context.Request.Method, context.Request.Path, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "-");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} -> {StatusCode} in {ElapsedMs:0.0} ms (user {UserId})")]
    private static partial void Log(ILogger logger, string method, string path, int statusCode, double elapsedMs, string userId);
}
