using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Quadrant.Modules.Access.Domain;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Access.Features.IssueToken;

/// <summary>Exchange e-mail and password for a personal access token.</summary>
public sealed record IssueTokenRequest(string? Email, string? Password, string? Name, DateTime? ExpiresAt);

public sealed record IssuedToken(Guid Id, string Name, string Token, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt);

internal static class IssueTokenValidator
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(730);

    public static Problem? Validate(IssueTokenRequest request, DateTime now) => new Check()
        .Required("email", request.Email, 256)
        .Required("password", request.Password, 256)
        .Required("name", request.Name, ApiToken.MaxNameLength)
        .That(request.ExpiresAt is null || request.ExpiresAt > now, "expiresAt", "'expiresAt' must be in the future.")
        .That(request.ExpiresAt is null || request.ExpiresAt <= now + MaxLifetime, "expiresAt", "'expiresAt' must be within two years.")
        .Result();
}

internal sealed class IssueTokenHandler(
    QuadrantDbContext db,
    UserManager<QuadrantUser> users,
    SignInManager<QuadrantUser> signIn,
    ActorContext actor,
    TimeProvider time)
{
    public async Task<Outcome<IssuedToken>> Handle(IssueTokenRequest request, CancellationToken ct)
    {
        var now = time.UtcNow();
        if (IssueTokenValidator.Validate(request, now) is { } invalid)
        {
            return invalid;
        }

        var user = await users.FindByEmailAsync(request.Email!.Trim());
        if (user is null || !user.IsActive)
        {
            return Problem.Unauthorized("The e-mail or password is wrong, or the account is deactivated.");
        }

        var check = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return Problem.Unauthorized("Too many failed attempts: the account is locked for a few minutes.");
        }

        if (!check.Succeeded)
        {
            return Problem.Unauthorized("The e-mail or password is wrong, or the account is deactivated.");
        }

        return await IssueAsync(db, actor, user, request.Name!.Trim(), request.ExpiresAt ?? now + IssueTokenValidator.DefaultLifetime, now, ct);
    }

    /// <summary>Issues a token to the signed-in user (the profile page): no password needed, the session is the proof.</summary>
    public async Task<Outcome<IssuedToken>> HandleForCurrentUser(string? name, DateTime? expiresAt, CancellationToken ct)
    {
        var now = time.UtcNow();
        var check = new Check()
            .Required("name", name, ApiToken.MaxNameLength)
            .That(expiresAt is null || expiresAt > now, "expiresAt", "'expiresAt' must be in the future.")
            .That(expiresAt is null || expiresAt <= now + IssueTokenValidator.MaxLifetime, "expiresAt", "'expiresAt' must be within two years.");
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var user = actor.UserId is { } id ? await users.FindByIdAsync(id.ToString()) : null;
        if (user is null || !user.IsActive)
        {
            return Problem.Unauthorized("Sign in again.");
        }

        return await IssueAsync(db, actor, user, name!.Trim(), expiresAt ?? now + IssueTokenValidator.DefaultLifetime, now, ct);
    }

    /// <summary>Issues a token to a user whose identity was established.</summary>
    internal static async Task<IssuedToken> IssueAsync(QuadrantDbContext db, ActorContext actor, QuadrantUser user, string name,
        DateTime? expiresAt, DateTime now, CancellationToken ct)
    {
        actor.SetUser(user.Id, user.Email ?? user.DisplayName);
        var (token, secret) = ApiToken.Issue(user.Id, name, expiresAt is null ? null : Clock.Truncate(expiresAt.Value), now);
        db.Add(token);
        await db.SaveChangesAsync(ct);
        return new IssuedToken(token.Id, token.Name, secret, token.Prefix, token.CreatedAt, token.ExpiresAt);
    }
}

internal static class IssueTokenEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/auth/tokens", async (IssueTokenRequest request, IssueTokenHandler handler, CancellationToken ct) =>
                (await handler.Handle(request, ct)).Map(t => Results.Created($"/api/v1/auth/tokens/{t.Id}", t)))
            .AllowAnonymous()
            .RequireRateLimiting(Policies.CredentialsRateLimit)
            .WithName("IssueToken")
            .WithTags("Authentication")
            .WithSummary("Exchange e-mail and password for a personal access token")
            .WithDescription("The token is shown once. Send it as 'Authorization: Bearer <token>'. Default lifetime 90 days, at most two years.")
            .Produces<IssuedToken>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
