using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Knowledge.Domain;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Web.Hosting;

internal static partial class DemoData
{
    private static readonly (string Title, string Service, string Category, string[] Keywords, ArticleAudience Audience, ArticleStatus Status, string Body)[] Articles =
    [
        ("Outlook keeps asking for the password", "E-mail and calendaring", "E-mail", ["outlook", "password", "credentials"], ArticleAudience.Everyone, ArticleStatus.Published,
            "Outlook asks again and again when it holds an old password.\n\n1. Close Outlook.\n2. Open **Credential Manager** and remove every entry that starts with `MicrosoftOffice`.\n3. Start Outlook and sign in once with your current password.\n\nStill asked? Report an incident and mention that you tried this."),
        ("Open a shared mailbox", "E-mail and calendaring", "E-mail", ["shared mailbox", "team mailbox"], ArticleAudience.Everyone, ArticleStatus.Published,
            "Shared mailboxes appear in Outlook by themselves within an hour of being granted.\n\n- In Outlook on the web: click your picture, then **Open another mailbox**.\n- Cannot open it? Ask the mailbox owner to check that you are a member."),
        ("Calendar invitations do not arrive", "E-mail and calendaring", "E-mail", ["calendar", "invitation", "meeting"], ArticleAudience.Everyone, ArticleStatus.Published,
            "Invitations from outside the company are held for 15 minutes by the mail filter.\n\nIf an invitation from a colleague is missing, check **Settings > Calendar > Shared calendars**: a delegate may be receiving it for you."),
        ("Mail to an external partner bounces", "E-mail and calendaring", "E-mail", ["bounce", "NDR", "external"], ArticleAudience.Everyone, ArticleStatus.Published,
            "Read the bounce message: its first line says why.\n\n| Code | Meaning | What to do |\n|---|---|---|\n| 550 5.1.1 | Unknown address | Check the spelling |\n| 552 | Mailbox full | Tell the partner by phone |\n| 554 5.7.1 | Rejected as spam | Report an incident with the bounce attached |"),
        ("Checkout page times out", "Customer web shop", "Web shop", ["checkout", "timeout", "payment"], ArticleAudience.Staff, ArticleStatus.Published,
            "Runbook for the web team.\n\n1. Check the payment provider status page.\n2. Look at `checkout-api` latency on the dashboard; above 3 s, scale out the pool.\n3. If the database is the bottleneck, fail over to the replica.\n\n> Never restart the basket service during business hours: baskets are lost."),
        ("Payment confirmation missing", "Customer web shop", "Web shop", ["payment", "confirmation", "order"], ArticleAudience.Staff, ArticleStatus.Published,
            "The confirmation mail is sent when the provider's webhook arrives. Re-send it from the order's admin page (**Actions > Resend confirmation**) once the payment shows as captured."),
        ("Connect to the VPN from home", "Laptop provisioning", "Remote work", ["vpn", "home", "remote"], ArticleAudience.Everyone, ArticleStatus.Published,
            "1. Start **Northwind VPN** from the Start menu.\n2. Sign in with your usual account and approve the prompt on your phone.\n3. Wait for the green shield.\n\nThe VPN drops after 12 hours; connect again."),
        ("Your first day: set up your laptop", "Laptop provisioning", "New starters", ["new starter", "laptop", "onboarding"], ArticleAudience.Everyone, ArticleStatus.Published,
            "Welcome! Your laptop is ready when you arrive.\n\n- Sign in with the temporary password from your welcome letter.\n- Choose a new password (at least 12 characters).\n- Set up the authenticator app.\n\n- [x] Laptop imaged\n- [ ] Your password changed"),
        ("Where to find your payslip", "Payroll platform", "Payroll", ["payslip", "salary"], ArticleAudience.Everyone, ArticleStatus.Review,
            "Payslips are in the payroll portal under **My documents** from the 25th of each month."),
        ("Product images not loading", "Customer web shop", "Web shop", ["images", "cdn"], ArticleAudience.Staff, ArticleStatus.Draft,
            "Draft: purge the CDN cache for `/media/*` and check the image service's disk."),
        ("Old intranet: reset your password", "E-mail and calendaring", "Intranet", ["intranet", "password"], ArticleAudience.Everyone, ArticleStatus.Retired,
            "The old intranet has been replaced; sign in to the new collaboration site with your normal account."),
    ];

    /// <summary>About ten articles in every state, and the resolved demo incidents linked to the article that solved them.</summary>
    private static async Task SeedKnowledgeAsync(QuadrantDbContext db, Guid writer, Guid publisher, DateTime now, CancellationToken ct)
    {
        var services = await db.Set<Service>().ToDictionaryAsync(s => s.Name, ct);
        var number = 0;
        var published = new Dictionary<string, KnowledgeArticle>(StringComparer.Ordinal);
        foreach (var (title, service, category, keywords, audience, status, body) in Articles)
        {
            var created = now.AddDays(-120 + (number * 9));
            var content = new ArticleContent(title, body, services[service].Id, category, keywords, audience);
            // Two articles are due for review, so the "review due" list has something.
            var review = DateOnly.FromDateTime(now).AddDays(number is 0 or 3 ? -5 : 200 + number);
            var (article, first) = KnowledgeArticle.Create(++number, content, writer, review, writer, "Aaron Agent", "", created);
            db.Add(article);
            db.Add(first);
            if (status is ArticleStatus.Review or ArticleStatus.Published or ArticleStatus.Retired)
            {
                article.MoveTo(ArticleStatus.Review, first, null, writer, created.AddHours(2));
            }

            if (status is ArticleStatus.Published or ArticleStatus.Retired)
            {
                article.MoveTo(ArticleStatus.Published, first, "Checked with the service owner", publisher, created.AddDays(1));
                published[title] = article;
            }

            if (status is ArticleStatus.Retired)
            {
                article.MoveTo(ArticleStatus.Retired, first, "The old intranet was switched off", publisher, created.AddDays(30));
            }
        }

        await db.SaveChangesAsync(ct);

        // Resolved demo incidents whose title matches an article were "solved by" it.
        var solvedBy = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Outlook keeps asking for the password"] = "Outlook keeps asking for the password",
            ["Cannot open shared mailbox"] = "Open a shared mailbox",
            ["Calendar invitations not arriving"] = "Calendar invitations do not arrive",
            ["Mail to external partner bounces"] = "Mail to an external partner bounces",
            ["Checkout page times out (web shop)"] = "Checkout page times out",
            ["Payment confirmation missing (web shop)"] = "Payment confirmation missing",
        };
        var resolved = await db.Set<Incident>().AsNoTracking().Where(i => i.Status == IncidentStatus.Resolved || i.Status == IncidentStatus.Closed)
            .OrderBy(i => i.Number).ToListAsync(ct);
        foreach (var incident in resolved.Where(i => solvedBy.ContainsKey(i.Title)).Take(40))
        {
            var article = published[solvedBy[incident.Title]];
            db.Add(KnowledgeLink.Create(article, "incident", "Incident", incident.Id, incident.Reference, writer, incident.ResolvedAt ?? now));
        }

        await db.SaveChangesAsync(ct);
    }
}
