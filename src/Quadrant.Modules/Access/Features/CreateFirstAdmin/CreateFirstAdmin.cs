using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Features.CreateUser;
using Quadrant.Modules.Access.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Access.Features.CreateFirstAdmin;

/// <summary>
/// Holds the one-time setup code printed on the console while no administrator exists.
/// The code lives only in this process: a restart prints a new one.
/// </summary>
public sealed class SetupState
{
    private string? code;

    public bool IsOpen => code is not null;

    public string Open()
    {
        code = Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        return code;
    }

    public bool Matches(string? candidate) =>
        code is not null && candidate is not null &&
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(code), System.Text.Encoding.UTF8.GetBytes(candidate.Trim().ToUpperInvariant()));

    public void Close() => code = null;
}

public sealed record FirstAdminRequest(string? Code, string? Email, string? DisplayName, string? Password);

/// <summary>Creates the first administrator, once, with the code printed on the console.</summary>
internal sealed class CreateFirstAdminHandler(
    QuadrantDbContext db,
    UserManager<QuadrantUser> users,
    SetupState setup,
    ActorContext actor,
    TimeProvider time)
{
    public async Task<Outcome<Guid>> Handle(FirstAdminRequest request, CancellationToken ct)
    {
        var check = new Check()
            .Required("code", request.Code, 64)
            .Required("email", request.Email, UserViews.MaxEmail)
            .Required("displayName", request.DisplayName, UserViews.MaxDisplayName)
            .Required("password", request.Password, 256);
        if (!string.IsNullOrWhiteSpace(request.Email) && !CreateUserValidator.IsEmail(request.Email.Trim()))
        {
            check.Add("email", "'email' is not a valid e-mail address.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        if (!setup.Matches(request.Code))
        {
            return Problem.Invalid("code", "The setup code is wrong or was already used. Use the code printed on the server console.");
        }

        if (await AdminExistsAsync(db, ct))
        {
            setup.Close();
            return Problem.Conflict("An administrator already exists. Sign in instead.");
        }

        actor.SetSystem("setup");
        var result = await AccessBootstrap.CreateUserAsync(db, users, request.Email!.Trim(), request.DisplayName!.Trim(), request.Password!,
            [Roles.Admin], time.UtcNow(), ct);
        if (!result.Succeeded)
        {
            return result.Problem!;
        }

        setup.Close();
        return result.Value;
    }

    internal static Task<bool> AdminExistsAsync(QuadrantDbContext db, CancellationToken ct) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         join u in db.Users on ur.UserId equals u.Id
         where r.Name == Roles.Admin && u.IsActive
         select u.Id).AnyAsync(ct);
}
