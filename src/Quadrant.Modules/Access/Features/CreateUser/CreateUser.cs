using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Access.Features.CreateUser;

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

    internal static bool IsEmail(string value) => EmailAddresses.IsDeliverable(value);
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

        var created = await UserAccounts.CreateAsync(db, users, email, request.DisplayName!.Trim(), request.Password, request.Roles!, time.UtcNow(), ct);
        if (!created.Succeeded)
        {
            return created.Problem!;
        }

        var user = created.Value!;
        var invitation = string.IsNullOrEmpty(request.Password) ? await Invitations.LinkAsync(users, user, baseUrl) : null;
        return new CreatedUser(await UserViews.LoadAsync(db, user, time.GetUtcNow(), ct), invitation);
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
