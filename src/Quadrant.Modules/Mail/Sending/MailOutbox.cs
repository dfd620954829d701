using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Mail.Contracts;
using Quadrant.Modules.Mail.Domain;

namespace Quadrant.Modules.Mail.Sending;

/// <summary>Renders the template now (the mail says what was true when it was caused) and queues it in the caller's unit of work.</summary>
internal sealed class MailOutbox(QuadrantDbContext db, MailSettingsStore store, IUserDirectory users, TimeProvider time) : IMailOutbox
{
    public async Task<bool> EnqueueAsync(string templateKey, MailRecipient to, IReadOnlyDictionary<string, string> model, string? reference, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(model);
        if (!MailTemplateCatalog.Placeholders.ContainsKey(templateKey))
        {
            throw new ArgumentException($"Unknown mail template '{templateKey}'.", nameof(templateKey));
        }

        var settings = await store.LoadAsync(ct);
        if (!settings.Enabled || string.IsNullOrWhiteSpace(settings.FromAddress))
        {
            return false;
        }

        string address;
        string name;
        if (to.UserId is { } userId)
        {
            var user = await users.FindAsync(userId, ct);
            if (user is null || !user.IsActive || string.IsNullOrWhiteSpace(user.Email))
            {
                return false;
            }

            (address, name) = (user.Email, user.DisplayName);
        }
        else if (!string.IsNullOrWhiteSpace(to.Address))
        {
            (address, name) = (to.Address.Trim(), to.Name ?? to.Address.Trim());
        }
        else
        {
            return false;
        }

        var text = await TemplateAsync(db, templateKey, ct);
        var values = new Dictionary<string, string>(model, StringComparer.Ordinal) { ["recipient.name"] = name };
        if (values.TryGetValue("link", out var link) && link.StartsWith('/'))
        {
            values["link"] = store.PublicUrl + link;
        }

        var rendered = MailTemplateCatalog.Render(text, values);
        var subject = reference is null || rendered.Subject.Contains($"[{reference}]", StringComparison.Ordinal)
            ? rendered.Subject
            : $"[{reference}] {rendered.Subject}";
        var now = time.UtcNow();
        var messageId = $"{Guid.CreateVersion7(now):N}@{MailSettingsStore.Domain(settings.FromAddress)}";
        db.Add(OutboxMessage.Create(templateKey, address, name, subject, rendered.TextBody, rendered.HtmlBody, messageId, reference, now));
        await db.SaveChangesAsync(ct);
        return true;
    }

    public Task<bool> EnqueueSurveyInvitationAsync(Guid userId, string reference, string title, string surveyLink, CancellationToken ct) =>
        EnqueueAsync(MailTemplateKeys.SurveyInvitation, MailRecipient.User(userId),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["incident.reference"] = reference, ["incident.title"] = title, ["link"] = surveyLink },
            reference, ct);

    public static async Task<TemplateText> TemplateAsync(QuadrantDbContext db, string key, CancellationToken ct)
    {
        var row = await db.Set<MailTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Key == key, ct);
        return row is null ? MailTemplateCatalog.Defaults[key] : new TemplateText(row.Subject, row.TextBody, row.HtmlBody);
    }
}
