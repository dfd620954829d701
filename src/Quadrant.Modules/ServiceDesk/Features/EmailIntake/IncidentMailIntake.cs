using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.EmailIntake;

/// <summary>
/// Incidents and comments from e-mail (source Email), on behalf of the sender. Attachments within the
/// limits are kept (public, origin "email"); the others are dropped and a work note says which and why.
/// </summary>
internal sealed class IncidentMailIntake(QuadrantDbContext db, ISlaClocks clocks, IUserDirectory users, IncidentMail mail, ISearchIndex search, AttachmentOptions options, TimeProvider time)
    : IIncidentMailIntake
{
    public async Task<IncidentMailTarget?> FindAsync(string reference, CancellationToken ct)
    {
        if (!reference.StartsWith("INC-", StringComparison.Ordinal) || !long.TryParse(reference[4..], out var number))
        {
            return null;
        }

        var i = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(x => x.Number == number, ct);
        return i is null ? null : new IncidentMailTarget(i.Id, i.Reference, i.RequesterId, i.AssigneeId, i.Status is not (IncidentStatus.Closed or IncidentStatus.Cancelled));
    }

    public async Task<IntakeResult> CreateAsync(Guid requesterId, Guid serviceId, string title, string description,
        IReadOnlyList<IncomingAttachment> attachments, CancellationToken ct)
    {
        var settings = await IncidentViews.SettingsAsync(db, time, ct);
        var now = time.UtcNow();
        var number = (await db.Set<Incident>().MaxAsync(i => (long?)i.Number, ct) ?? 0) + 1;
        var incident = Incident.Create(number, title, description, serviceId, null, requesterId, "", Impact.Medium, Urgency.Medium, settings.Matrix(),
            null, null, IncidentSource.Email, now);
        db.Add(incident);
        IncidentHistory.Created(db, incident, requesterId, now);
        await IncidentSearch.StageAsync(db, search, incident, ct);
        await db.SaveChangesAsync(ct);
        await clocks.StartAsync(new ClockSubject(IncidentViews.RecordType, incident.Id, incident.Reference, incident.ServiceId, null, incident.Priority, null), now, null, ct);
        await IncidentDue.SyncAsync(db, clocks, incident.Id, now, ct);
        var dropped = await AttachAsync(incident, requesterId, attachments, now, ct);
        await mail.CreatedAsync(incident, requesterId, ct);
        return new IntakeResult(incident.Id, incident.Reference, dropped);
    }

    public async Task<IntakeResult> CommentAsync(Guid incidentId, Guid authorId, string body, IReadOnlyList<IncomingAttachment> attachments, CancellationToken ct)
    {
        var incident = await db.Set<Incident>().AsNoTracking().FirstAsync(i => i.Id == incidentId, ct);
        var author = await users.FindAsync(authorId, ct);
        var now = time.UtcNow();
        var comment = IncidentComment.Create(incidentId, authorId, author?.DisplayName ?? "", true, body, now);
        db.Add(comment);
        await IncidentSearch.StageAsync(db, search, incident, ct);
        await db.SaveChangesAsync(ct);
        var dropped = await AttachAsync(incident, authorId, attachments, now, ct);
        await mail.CommentedAsync(incident, comment, ct);
        return new IntakeResult(incident.Id, incident.Reference, dropped);
    }

    private async Task<List<string>> AttachAsync(Incident incident, Guid uploaderId, IReadOnlyList<IncomingAttachment> attachments, DateTime now, CancellationToken ct)
    {
        var dropped = new List<string>();
        if (attachments.Count == 0)
        {
            return dropped;
        }

        var uploader = await users.FindAsync(uploaderId, ct);
        foreach (var file in attachments)
        {
            var name = AttachmentRules.SanitizeFileName(file.FileName);
            if (AttachmentRules.Refusal(name, file.Content, options.MaxBytes, out var contentType) is { } refusal)
            {
                dropped.Add($"{name} ({refusal.Message})");
                continue;
            }

            var (attachment, content) = IncidentAttachment.Create(incident.Id, name, contentType, file.Content, true, uploaderId,
                uploader?.DisplayName ?? "", "email", now);
            db.Add(attachment);
            db.Add(content);
        }

        if (dropped.Count > 0)
        {
            db.Add(IncidentComment.Create(incident.Id, uploaderId, "Mail intake", false,
                "Attachments of the e-mail that were not kept:\n" + string.Join("\n", dropped.Select(d => "- " + d)), now));
        }

        await db.SaveChangesAsync(ct);
        return dropped;
    }
}
