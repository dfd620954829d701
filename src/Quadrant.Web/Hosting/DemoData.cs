using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access;
using Quadrant.Modules.Access.Features.CreateFirstAdmin;
using Quadrant.Modules.Access.Features.AcceptInvite;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;

namespace Quadrant.Web.Hosting;

/// <summary>
/// A small, realistic demo organization ("Northwind IT"): one user per role and a handful of services.
/// Loaded by --demo (or Quadrant:Demo=true); does nothing if the demo users already exist.
/// Every demo user's password is <see cref="Password"/>.
/// </summary>
internal static partial class DemoData
{
    public const string Password = "Quadrant-demo-2026";

    private static readonly (string Email, string Name, string Role)[] People =
    [
        ("requester@demo.quadrant.local", "Rita Requester", Roles.Requester),
        ("agent@demo.quadrant.local", "Aaron Agent", Roles.Agent),
        ("process.owner@demo.quadrant.local", "Priya Process-Owner", Roles.ProcessOwner),
        ("service.owner@demo.quadrant.local", "Sam Service-Owner", Roles.ServiceOwner),
        ("sms.manager@demo.quadrant.local", "Mona SMS-Manager", Roles.SmsManager),
        ("auditor@demo.quadrant.local", "Otto Auditor", Roles.Auditor),
        ("executive@demo.quadrant.local", "Erin Executive", Roles.Executive),
        ("admin@demo.quadrant.local", "Ada Admin", Roles.Admin),
    ];

    private static readonly (string Name, string Description, ServiceCriticality Criticality, ServiceLifecycle Lifecycle)[] Services =
    [
        ("E-mail and calendaring", "Mailboxes, shared calendars and distribution lists for all staff.", ServiceCriticality.High, ServiceLifecycle.Live),
        ("Service desk", "Single point of contact for incidents and requests, 07:00–19:00 on working days.", ServiceCriticality.High, ServiceLifecycle.Live),
        ("Payroll platform", "Monthly payroll runs and payslips for 1,200 employees.", ServiceCriticality.Critical, ServiceLifecycle.Live),
        ("Customer web shop", "Public ordering site and its payment integration.", ServiceCriticality.Critical, ServiceLifecycle.Live),
        ("Laptop provisioning", "Standard laptops, imaging and hand-over for new starters.", ServiceCriticality.Medium, ServiceLifecycle.Live),
        ("Data warehouse", "Nightly loads and management reporting.", ServiceCriticality.Medium, ServiceLifecycle.Live),
        ("Video conferencing", "Meeting rooms and desktop video; replacing the old phone bridge.", ServiceCriticality.Low, ServiceLifecycle.Pipeline),
        ("Legacy intranet", "The old intranet, replaced by the new collaboration site.", ServiceCriticality.Low, ServiceLifecycle.Live),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<QuadrantDbContext>();
        var users = sp.GetRequiredService<UserManager<QuadrantUser>>();
        var time = sp.GetRequiredService<TimeProvider>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Quadrant.Demo");
        sp.GetRequiredService<ActorContext>().SetSystem("demo");

        if (await users.FindByEmailAsync(People[0].Email) is not null)
        {
            LogSkipped(logger);
            return;
        }

        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (email, name, role) in People)
        {
            var created = await AccessBootstrap.CreateUserAsync(db, users, email, name, Password, [role], time.UtcNow(), ct);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Demo user {email} could not be created: {created.Problem!.Detail}");
            }

            ids[role] = created.Value;
        }

        var owner = ids[Roles.ServiceOwner];
        foreach (var (name, description, criticality, lifecycle) in Services)
        {
            if (await db.Set<Service>().AnyAsync(s => s.Name == name, ct))
            {
                continue;
            }

            db.Add(Service.Create(name, description, owner, criticality, lifecycle, time.UtcNow()));
        }

        await db.SaveChangesAsync(ct);
        var legacy = await db.Set<Service>().FirstAsync(s => s.Name == "Legacy intranet", ct);
        legacy.Retire(time.UtcNow());
        await db.SaveChangesAsync(ct);
        LogSeeded(logger, People.Length, Services.Length, Password);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data already present; not loaded again")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loaded demo data: {Users} users (one per role, e.g. admin@demo.quadrant.local) and {Services} services. Demo password: {Password}")]
    private static partial void LogSeeded(ILogger logger, int users, int services, string password);
}
