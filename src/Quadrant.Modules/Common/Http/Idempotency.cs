using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Common.Http;

/// <summary>The remembered outcome of a POST sent with an Idempotency-Key.</summary>
[NotAuditedEntity]
public sealed class IdempotencyRecord
{
    public Guid UserId { get; set; }

    public string Key { get; set; } = "";

    public string Method { get; set; } = "";

    public string Path { get; set; } = "";

    public string RequestHash { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>Null while the first request is still running.</summary>
    public int? StatusCode { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public string? ETag { get; set; }

#pragma warning disable CA1819 // a stored response body
    public byte[]? Body { get; set; }
#pragma warning restore CA1819
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => new { r.UserId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(IdempotencyMiddleware.MaxKeyLength);
        builder.Property(r => r.Method).HasMaxLength(10);
        builder.Property(r => r.Path).HasMaxLength(400);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.ContentType).HasMaxLength(200);
        builder.Property(r => r.Location).HasMaxLength(400);
        builder.Property(r => r.ETag).HasMaxLength(100);
        builder.HasIndex(r => r.CreatedAt);
    }
}

/// <summary>
/// Makes a POST under /api/v1 carrying an Idempotency-Key safe to retry: the first successful
/// response is stored and replayed for a retry with the same key and the same request; the same
/// key with a different request is refused (422); a retry while the first is still running gets 409.
/// Keys are per user and kept for 24 hours.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    public async Task InvokeAsync(HttpContext context, IServiceScopeFactory scopes, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = context.Request.Headers[Header].ToString();
        var userText = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!HttpMethods.IsPost(context.Request.Method) || string.IsNullOrEmpty(key) ||
            !context.Request.Path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase) ||
            !Guid.TryParse(userText, out var userId))
        {
            await next(context);
            return;
        }

        if (key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            await Problem.Invalid(Header, $"'{Header}' must be 1 to {MaxKeyLength} printable characters.").ToResult().ExecuteAsync(context);
            return;
        }

        context.Request.EnableBuffering();
        var requestHash = await HashRequestAsync(context.Request, context.RequestAborted);
        var path = context.Request.Path.Value ?? "";
        var now = time.UtcNow();

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
            var existing = await db.Set<IdempotencyRecord>().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, context.RequestAborted);
            if (existing is not null && existing.CreatedAt < now - Retention)
            {
                db.Remove(existing);
                await db.SaveChangesAsync(context.RequestAborted);
                existing = null;
            }

            if (existing is not null)
            {
                if (existing.RequestHash != requestHash || !string.Equals(existing.Path, path, StringComparison.OrdinalIgnoreCase))
                {
                    await new Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused.",
                            "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
                            new Dictionary<string, string[]> { [Header] = ["The key was already used for a different request."] })
                        .ToResult().ExecuteAsync(context);
                    return;
                }

                if (existing.StatusCode is { } status)
                {
                    await ReplayAsync(context, existing, status);
                    return;
                }

                if (existing.CreatedAt > now - Abandoned)
                {
                    await new Problem(StatusCodes.Status409Conflict, "Request in progress.",
                            "A request with this Idempotency-Key is still being processed. Retry shortly.")
                        .ToResult().ExecuteAsync(context);
                    return;
                }

                db.Remove(existing);
                await db.SaveChangesAsync(context.RequestAborted);
            }

            db.Add(new IdempotencyRecord
            {
                UserId = userId, Key = key, Method = context.Request.Method, Path = path, RequestHash = requestHash, CreatedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(context.RequestAborted);
            }
            catch (DbUpdateException)
            {
                await new Problem(StatusCodes.Status409Conflict, "Request in progress.",
                        "A request with this Idempotency-Key is being processed. Retry shortly.")
                    .ToResult().ExecuteAsync(context);
                return;
            }
        }

        var originalBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var completed = false;
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            context.Response.Body = originalBody;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
            var record = await db.Set<IdempotencyRecord>().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, CancellationToken.None);
            if (record is not null)
            {
                if (completed && context.Response.StatusCode is >= 200 and < 300)
                {
                    record.StatusCode = context.Response.StatusCode;
                    record.ContentType = context.Response.ContentType;
                    record.Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
                    record.ETag = context.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null;
                    record.Body = buffer.ToArray();
                }
                else
                {
                    // Only successes are remembered: a rejected request may be corrected and retried with the same key.
                    db.Remove(record);
                }

                await db.SaveChangesAsync(CancellationToken.None);
            }

            if (completed)
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(originalBody, context.RequestAborted);
            }
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record, int status)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (record.ContentType is not null)
        {
            context.Response.ContentType = record.ContentType;
        }

        if (record.Location is not null)
        {
            context.Response.Headers.Location = record.Location;
        }

        if (record.ETag is not null)
        {
            context.Response.Headers.ETag = record.ETag;
        }

        if (record.Body is { Length: > 0 } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static async Task<string> HashRequestAsync(HttpRequest request, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            sha.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
