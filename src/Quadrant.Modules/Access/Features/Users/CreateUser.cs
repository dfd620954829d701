using System.Net.Mail;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Access.Features.Users;

/// <summary>
/// Create a user. With a password the account is ready to use; without one, the answer carries a
/// one-time invitation link where the person chooses their own password.
/// </summary>
public sealed record CreateUserRequest(string? Email, string? DisplayName, IReadOnlyList<string>? Roles, string? Password);

public sealed record CreatedUser(UserView User, string? InvitationUrl);

internal static class CreateUserValidator
{
    public static Check Validate(CreateUserRequest request)
    {
        var check = new Check()
            .Required("email", request.Email, UserViews.MaxEmail)
            .Required("displayName", request.DisplayName, UserViews.MaxDisplayName)
            .MaxLength("password", request.Password, 256);
        if (!string.IsNullOrWhiteSpace(request.Email) && !IsEmail(request.Email.Trim()))
        {
            check.Add("email", "'email' is not a valid e-mail address.");
        }

        UserViews.CheckRoles(check, request.Roles);
        return check;
    }

    internal static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);
}

internal sealed class CreateUserHandler(QuadrantDbContext db, UserManager<QuadrantUser> users, TimeProvider time, ActorContext actor)
{
    public async Task<Outcome<CreatedUser>> Handle(CreateUserRequest request, string baseUrl, CancellationToken ct)
    {
        if (!actor.IsInAnyRole([Roles.Admin]))
        {
            return Problem.Forbidden("Managing users needs the Admin role.");
        }

        var check = CreateUserValidator.Validate(request);
        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var email = request.Email!.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return Problem.Conflict($"A user with e-mail '{email}' already exists.", "email");
        }

        var now = time.UtcNow();
        var user = new QuadrantUser
        {
            Id = Guid.CreateVersion7(now),
            Email = email,
            UserName = email,
            DisplayName = request.DisplayName!.Trim(),
            EmailConfirmed = true,
            CreatedAt = now,
            UpdatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = string.IsNullOrEmpty(request.Password)
            ? await users.CreateAsync(user)
            : await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            return IdentityProblems.From(created);
        }

        var added = await users.AddToRolesAsync(user, request.Roles!);
        if (!added.Succeeded)
        {
            return IdentityProblems.From(added);
        }

        string? invitation = null;
        if (string.IsNullOrEmpty(request.Password))
        {
            invitation = await Invitations.LinkAsync(users, user, baseUrl);
        }

        await transaction.CommitAsync(ct);
        return new CreatedUser(await UserViews.LoadAsync(db, user, time.GetUtcNow(), ct), invitation);
    }
}

internal static class Invitations
{
    public static async Task<string> LinkAsync(UserManager<QuadrantUser> users, QuadrantUser user, string baseUrl)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return $"{baseUrl.TrimEnd('/')}/account/accept-invite?user={user.Id}&token={Uri.EscapeDataString(token)}";
    }
}

/// <summary>The base URL put into links sent to people: Quadrant:PublicUrl when set, else the request's own.</summary>
internal static class PublicUrl
{
    public static string Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var configured = http.RequestServices.GetService<Microsoft.Extensions.Configuration.IConfiguration>()?["Quadrant:PublicUrl"];
        return string.IsNullOrWhiteSpace(configured) ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}" : configured.TrimEnd('/');
    }
}

internal static class IdentityProblems
{
    /// <summary>Maps Identity's error codes to the request field they concern.</summary>
    public static Problem From(IdentityResult result)
    {
        var check = new Check();
        foreach (var error in result.Errors)
        {
            var field = error.Code switch
            {
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "password",
                _ when error.Code.Contains("Email", StringComparison.Ordinal) => "email",
                _ when error.Code.Contains("UserName", StringComparison.Ordinal) => "email",
                _ when error.Code.Contains("Role", StringComparison.Ordinal) => "roles",
                "ConcurrencyFailure" => "If-Match",
                _ => "body",
            };
            check.Add(field, error.Description);
        }

        if (result.Errors.Any(e => e.Code == "ConcurrencyFailure"))
        {
            return new Problem(StatusCodes.Status409Conflict, "The record was changed by someone else.",
                "Reload the user and apply your change again.", new Dictionary<string, string[]> { ["If-Match"] = ["Stale version."] }, "concurrency");
        }

        return result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
            ? Problem.Conflict(result.Errors.First().Description, "email")
            : check.ToProblem();
    }
}

internal static class CreateUserEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/users", async (CreateUserRequest request, CreateUserHandler handler, HttpContext http, CancellationToken ct) =>
                (await handler.Handle(request, PublicUrl.Of(http), ct))
                .Map(u => Results.Created($"/api/v1/users/{u.User.Id}", u).WithETag(http, u.User.Version)))
            .RequireAuthorization(Policies.UserAdmin)
            .WithName("CreateUser")
            .WithTags("Users")
            .WithSummary("Create a user, or invite one (omit the password to get an invitation link)")
            .Produces<CreatedUser>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
