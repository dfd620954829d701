using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access;
using Quadrant.Modules.Access.Features.CreateFirstAdmin;
using Quadrant.Modules.Access.Features.AcceptInvite;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Catalogue.Domain.Offerings;
using Quadrant.Modules.Catalogue.Domain.Requirements;
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
        await SeedCatalogueDetailsAsync(db, ids[Roles.ServiceOwner], time.UtcNow(), ct);
        await SeedServiceLevelsAsync(sp, db, ids[Roles.ServiceOwner], ids[Roles.SmsManager], ids[Roles.Requester], ids[Roles.Agent], time.UtcNow(), ct);
        await SeedRequestsAsync(sp, db, ids, time.UtcNow(), ct);
        await SeedKnowledgeAsync(db, ids[Roles.Agent], ids[Roles.ProcessOwner], time.UtcNow(), ct);
        // The demo records were written behind the handlers' back: index them all.
        await Quadrant.Modules.Search.SearchModule.RebuildAllAsync(services, ct);
        LogSeeded(logger, People.Length, Services.Length, Password);
    }

    /// <summary>Customers, outcomes, offerings and a requirements document, so the published catalogue has something to show.</summary>
    private static async Task SeedCatalogueDetailsAsync(QuadrantDbContext db, Guid author, DateTime now, CancellationToken ct)
    {
        var services = await db.Set<Service>().ToDictionaryAsync(s => s.Name, ct);
        var mail = services["E-mail and calendaring"];
        var laptops = services["Laptop provisioning"];
        var payroll = services["Payroll platform"];
        var finance = Customer.Create("Finance department", CustomerKind.Internal, "Accounting, payroll and controlling.", author,
            [new CustomerContact("Fiona Fischer", "requester@demo.quadrant.local", "+49 30 5550 120", "Head of finance")], now);
        var retail = Customer.Create("Northwind Retail GmbH", CustomerKind.External, "Sister company; buys the web shop and e-mail as services.", author,
            [new CustomerContact("Ravi Patel", "ravi.patel@northwind-retail.example", null, "IT coordinator")], now);
        db.AddRange(finance, retail);
        db.AddRange(CustomerService.Create(finance.Id, mail, now), CustomerService.Create(finance.Id, payroll, now), CustomerService.Create(finance.Id, laptops, now),
            CustomerService.Create(retail.Id, mail, now), CustomerService.Create(retail.Id, services["Customer web shop"], now));

        mail.SetOutcomes(["Staff send and receive mail and meeting invitations from office, home and phone.", "No mail is lost: mailboxes are kept for ten years."], now);
        payroll.SetOutcomes(["Every employee is paid correctly and on time, every month."], now);
        laptops.SetOutcomes(["A new starter has a working laptop on their first morning."], now);

        var newMailbox = ServiceOffering.Create(mail, "New mailbox", "A personal mailbox with 50 GB and a calendar.", OfferingAudience.Everyone, true, "Included", "1 working day", now);
        var sharedMailbox = ServiceOffering.Create(mail, "Shared mailbox", "A team mailbox that several people read and answer.", OfferingAudience.Everyone, true, "Included", "2 working days", now);
        var financeLaptop = ServiceOffering.Create(laptops, "Finance workstation", "A laptop with the accounting tools and a second screen.", OfferingAudience.Customers, true, "EUR 45 per month", "5 working days", now);
        var standardLaptop = ServiceOffering.Create(laptops, "Standard laptop", "14-inch laptop with the standard software image.", OfferingAudience.Everyone, true, "EUR 35 per month", "3 working days", now);
        db.AddRange(newMailbox, sharedMailbox, financeLaptop, standardLaptop);
        db.Add(ServiceOfferingCustomer.Create(financeLaptop.Id, finance));

        db.Add(ServiceRequirementVersion.Next(mail, null, "Mail for every member of staff, reachable from anywhere, delivered within a minute.",
            "# E-mail and calendaring: requirements\n\n- Every member of staff has a mailbox of at least 50 GB.\n- Mail between staff is delivered within one minute.\n" +
            "- Mailboxes are reachable from office, home and phone.\n- Deleted mail can be restored for 30 days.\n- Mail is kept for ten years.",
            "Agreed with Finance and Northwind Retail", author, "Sam Service-Owner", now));
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data already present; not loaded again")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loaded demo data: {Users} users (one per role, e.g. admin@demo.quadrant.local) and {Services} services. Demo password: {Password}")]
    private static partial void LogSeeded(ILogger logger, int users, int services, string password);
}
