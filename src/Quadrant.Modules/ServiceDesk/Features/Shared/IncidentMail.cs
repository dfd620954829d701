using System.Globalization;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Mail.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.Modules.ServiceDesk.Features.Shared;

/// <summary>
/// The service desk's e-mails, queued through the Mail module's outbox inside the handler's unit of
/// work: created (to the requester), assigned (to the new assignee), commented (a public comment to the
/// requester; the requester's comment to the assignee), resolved (to the requester), SLA crossings (to
/// the assignee). Nobody is mailed about their own action.
/// </summary>
internal sealed class IncidentMail(IMailOutbox outbox)
{
    public async Task CreatedAsync(Incident i, Guid? actorId, CancellationToken ct)
    {
        if (i.RequesterId is { } requester)
        {
            await outbox.EnqueueAsync(MailTemplateKeys.IncidentCreated, MailRecipient.User(requester), Model(i), i.Reference, ct);
        }

        if (i.AssigneeId is { } assignee && assignee != actorId)
        {
            await outbox.EnqueueAsync(MailTemplateKeys.IncidentAssigned, MailRecipient.User(assignee), Model(i), i.Reference, ct);
        }
    }

    public async Task AssignedAsync(Incident i, Guid? previousAssignee, Guid? actorId, CancellationToken ct)
    {
        if (i.AssigneeId is { } assignee && assignee != previousAssignee && assignee != actorId)
        {
            await outbox.EnqueueAsync(MailTemplateKeys.IncidentAssigned, MailRecipient.User(assignee), Model(i), i.Reference, ct);
        }
    }

    public async Task CommentedAsync(Incident i, IncidentComment comment, CancellationToken ct)
    {
        if (!comment.IsPublic)
        {
            return;
        }

        var model = Model(i);
        model["comment.author"] = comment.AuthorName;
        model["comment.body"] = comment.Body;
        var to = comment.AuthorId == i.RequesterId ? i.AssigneeId : i.RequesterId;
        if (to is { } recipient && recipient != comment.AuthorId)
        {
            await outbox.EnqueueAsync(MailTemplateKeys.IncidentCommented, MailRecipient.User(recipient), model, i.Reference, ct);
        }
    }

    public async Task ResolvedAsync(Incident i, CancellationToken ct)
    {
        if (i.RequesterId is { } requester)
        {
            var model = Model(i);
            model["resolution.code"] = i.ResolutionCode ?? "";
            model["resolution.notes"] = i.ResolutionNotes ?? "";
            await outbox.EnqueueAsync(MailTemplateKeys.IncidentResolved, MailRecipient.User(requester), model, i.Reference, ct);
        }
    }

    /// <summary>Invites the requester of a closed incident to rate it, with the survey link that works without signing in.</summary>
    public async Task SurveyAsync(Incident i, string token, CancellationToken ct)
    {
        if (i.RequesterId is { } requester)
        {
            await outbox.EnqueueSurveyInvitationAsync(requester, i.Reference, i.Title, $"/survey/{token}", ct);
        }
    }

    public async Task CrossingAsync(Incident i, ClockCrossingNotice notice, CancellationToken ct)
    {
        if (i.AssigneeId is { } assignee)
        {
            var model = Model(i);
            model["sla.metric"] = notice.Metric == ClockMetric.FirstResponse ? "first response" : "resolution";
            model["sla.percent"] = notice.Percent.ToString(CultureInfo.InvariantCulture);
            await outbox.EnqueueAsync(notice.Percent >= 100 ? MailTemplateKeys.SlaBreach : MailTemplateKeys.SlaWarning,
                MailRecipient.User(assignee), model, i.Reference, ct);
        }
    }

    private static Dictionary<string, string> Model(Incident i) => new(StringComparer.Ordinal)
    {
        ["incident.reference"] = i.Reference,
        ["incident.title"] = i.Title,
        ["incident.status"] = Incident.Describe(i.Status),
        ["incident.priority"] = i.Priority.ToString(CultureInfo.InvariantCulture),
        ["link"] = $"/incidents/{i.Id}",
    };
}

/// <summary>Mails the assignee when an incident's SLA clock crosses a warning threshold or its target (called by the crossing job).</summary>
internal sealed class IncidentSlaMailObserver(Common.Persistence.QuadrantDbContext db, IncidentMail mail) : ISlaClockObserver
{
    public async Task OnCrossingAsync(ClockCrossingNotice notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.RecordType != IncidentViews.RecordType)
        {
            return;
        }

        var incident = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            db.Set<Incident>(), i => i.Id == notice.RecordId, ct);
        if (incident is not null)
        {
            await mail.CrossingAsync(incident, notice, ct);
        }
    }
}
