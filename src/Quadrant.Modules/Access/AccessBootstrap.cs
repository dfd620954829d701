using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quadrant.Modules.Access.Features.CreateFirstAdmin;
using Quadrant.Modules.Access.Features.Shared;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Modules.Access;

/// <summary>Start-up work of the access module: the roles exist, and there is a way to the first administrator.</summary>
public static partial class AccessBootstrap
{
    public static async Task RunAsync(IServiceProvider services, string publicUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<QuadrantDbContext>();
        var roles = sp.GetRequiredService<RoleManager<QuadrantRole>>();
        var users = sp.GetRequiredService<UserManager<QuadrantUser>>();
        var config = sp.GetRequiredService<IConfiguration>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Quadrant.Setup");
        var time = sp.GetRequiredService<TimeProvider>();
        sp.GetRequiredService<ActorContext>().SetSystem("bootstrap");

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new QuadrantRole(role));
            }
        }

        if (await CreateFirstAdminHandler.AdminExistsAsync(db, ct))
        {
            return;
        }

        var email = config["Quadrant:Bootstrap:AdminEmail"];
        var password = config["Quadrant:Bootstrap:AdminPassword"];
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password) && await users.FindByEmailAsync(email.Trim()) is not null)
        {
            // The bootstrap account exists but is not an active administrator (deactivated or demoted):
            // never resurrect it silently; fall through to the setup code.
            LogBootstrapUserExists(logger, email);
        }
        else if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password))
        {
            var created = await CreateUserAsync(db, users, email.Trim(), config["Quadrant:Bootstrap:AdminName"] ?? "Administrator", password,
                [Roles.Admin], time.UtcNow(), ct);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(
                    $"Quadrant:Bootstrap:AdminEmail/AdminPassword could not create the administrator: {created.Problem!.Detail} " +
                    string.Join(" ", created.Problem.Errors?.SelectMany(e => e.Value) ?? []));
            }

            LogAdminCreated(logger, email);
            return;
        }

        var setup = sp.GetRequiredService<SetupState>();
        var code = setup.Open();
        LogSetup(logger, $"{publicUrl.TrimEnd('/')}/setup?code={code}", code);
    }

    internal static async Task<Outcome<Guid>> CreateUserAsync(QuadrantDbContext db, UserManager<QuadrantUser> users, string email,
        string displayName, string password, IReadOnlyList<string> roleNames, DateTime now, CancellationToken ct)
    {
        var created = await UserAccounts.CreateAsync(db, users, email, displayName, password, roleNames, now, ct);
        return created.Succeeded ? created.Value!.Id : created.Problem!;
    }

    /// <summary>Closes the setup code once an administrator exists (for example after demo data created one).</summary>
    public static async Task CloseSetupIfAdminExistsAsync(IServiceProvider services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<SetupState>();
        if (setup.IsOpen && await CreateFirstAdminHandler.AdminExistsAsync(scope.ServiceProvider.GetRequiredService<QuadrantDbContext>(), ct))
        {
            setup.Close();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first administrator {Email} from Quadrant:Bootstrap settings")]
    private static partial void LogAdminCreated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Error, Message = "Quadrant:Bootstrap:AdminEmail {Email} belongs to an existing account that is not an active administrator; it is left unchanged")]
    private static partial void LogBootstrapUserExists(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator exists yet. Open {SetupUrl} to create one (one-time setup code {Code}).")]
    private static partial void LogSetup(ILogger logger, string setupUrl, string code);
}
