using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.Timeline;

/// <summary>Filter chips of the timeline.</summary>
public static class TimelineCategory
{
    public const string Comments = "comments";
    public const string Changes = "changes";
    public const string Sla = "sla";

    public static readonly string[] All = [Comments, Changes, Sla];
}

/// <summary>
/// One entry of an incident's timeline. Kind says what it is (comment, workNote, status, priority,
/// group, assignee, created, escalated, majorDeclared, majorUpdate, audit, sla.started, sla.paused, ...);
/// Category is the filter chip it belongs to (comments, changes, sla).
/// </summary>
public sealed record TimelineItem(DateTime At, string Kind, string Category, string Title, string? Body, string? ActorName, bool IsPublic, Guid? SourceId);

public sealed record TimelineView(IReadOnlyList<TimelineItem> Items, bool Truncated, int Limit);

/// <summary>
/// A source of timeline entries. The timeline merges every registered source: comments, incident
/// history, SLA clocks, major-incident updates and the audit log. E-mail joins by registering one more
/// (see docs/incidents.md, "Timeline").
/// </summary>
internal interface ITimelineSource
{
    /// <summary>The source's entries for the incident; <paramref name="staff"/> false = only what the requester may read (IsPublic).</summary>
    Task<IEnumerable<TimelineItem>> ReadAsync(Incident incident, bool staff, CancellationToken ct);
}

/// <summary>One chronological timeline of an incident (oldest first), capped; requesters see only public entries.</summary>
internal sealed class TimelineHandler(QuadrantDbContext db, IEnumerable<ITimelineSource> sources, ActorContext actor)
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 2000;

    public async Task<Outcome<TimelineView>> Handle(Guid id, string? category, string? limit, CancellationToken ct)
    {
        var check = new Check();
        var categories = check.Enums<TimelineCategoryValue>(category, "category");
        var cap = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out cap) || cap is < 1 or > MaxLimit))
        {
            check.Add("limit", $"'limit' must be a whole number from 1 to {MaxLimit}.");
        }

        if (!check.IsValid)
        {
            return check.ToProblem();
        }

        var staff = IncidentViews.IsStaff(actor);
        var incident = await db.Set<Incident>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null || (!staff && incident.RequesterId != actor.UserId))
        {
            return Problem.NotFound("incident", id);
        }

        var wanted = categories.Select(c => c.ToString().ToLowerInvariant()).ToHashSet();
        var items = new List<TimelineItem>();
        foreach (var source in sources)
        {
            items.AddRange((await source.ReadAsync(incident, staff, ct)).Where(i => staff || i.IsPublic));
        }

        var ordered = items.Where(i => wanted.Count == 0 || wanted.Contains(i.Category))
            .OrderBy(i => i.At).ThenBy(i => Rank(i.Kind)).ToList();
        return new TimelineView(ordered.Take(cap).ToList(), ordered.Count > cap, cap);
    }

    // Same instant: what happened first reads first (created before its clocks start, a change before its audit entry).
    private static int Rank(string kind) => kind switch
    {
        "created" => 0,
        _ when kind.StartsWith("sla.", StringComparison.Ordinal) => 2,
        "audit" => 3,
        _ => 1,
    };
}

/// <summary>The timeline's filter values as an enum, so the shared query reader validates them.</summary>
public enum TimelineCategoryValue
{
    Comments = 1,
    Changes = 2,
    Sla = 3,
}

/// <summary>E-mails about the incident (sent by Quadrant, or received and matched to it): staff only, under comments.</summary>
internal sealed class MailTimeline(Mail.Contracts.IMailLog log) : ITimelineSource
{
    public async Task<IEnumerable<TimelineItem>> ReadAsync(Incident incident, bool staff, CancellationToken ct)
    {
        if (!staff)
        {
            return [];
        }

        var entries = await log.ForReferenceAsync(incident.Reference, TimelineHandler.MaxLimit, ct);
        return entries.Select(e => new TimelineItem(e.At, e.Outgoing ? "email.sent" : "email.received", TimelineCategory.Comments,
            e.Outgoing ? $"E-mail to {e.Address} ({e.Status}): {e.Subject}" : $"E-mail from {e.Address} ({e.Status}): {e.Subject}",
            e.Detail, null, false, e.Id));
    }
}

internal sealed class CommentTimeline(QuadrantDbContext db) : ITimelineSource
{
    public async Task<IEnumerable<TimelineItem>> ReadAsync(Incident incident, bool staff, CancellationToken ct)
    {
        var comments = await db.Set<IncidentComment>().AsNoTracking().Where(c => c.IncidentId == incident.Id && (staff || c.IsPublic)).ToListAsync(ct);
        return comments.Select(c => new TimelineItem(c.CreatedAt, c.IsPublic ? "comment" : "workNote", TimelineCategory.Comments,
            c.IsPublic ? "Comment" : "Work note", c.Body, c.AuthorName, c.IsPublic, c.Id));
    }
}

internal sealed class HistoryTimeline(QuadrantDbContext db, IUserDirectory users) : ITimelineSource
{
    public async Task<IEnumerable<TimelineItem>> ReadAsync(Incident incident, bool staff, CancellationToken ct)
    {
        var events = await db.Set<IncidentEvent>().AsNoTracking().Where(e => e.IncidentId == incident.Id).ToListAsync(ct);
        var ids = events.SelectMany(e => new[] { e.ActorId?.ToString(), e.Kind == IncidentEventKind.Assigned ? e.From : null, e.Kind == IncidentEventKind.Assigned ? e.To : null })
            .Select(s => Guid.TryParse(s, out var g) ? g : (Guid?)null).OfType<Guid>().Distinct().ToList();
        var people = await users.FindManyAsync(ids, ct);
        var groupIds = events.Where(e => e.Kind == IncidentEventKind.GroupChanged).SelectMany(e => new[] { e.From, e.To })
            .Select(s => Guid.TryParse(s, out var g) ? g : (Guid?)null).OfType<Guid>().Distinct().ToList();
        var groups = groupIds.Count == 0 ? [] : await db.Set<AssignmentGroup>().AsNoTracking().Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        string Person(string? id) => Guid.TryParse(id, out var g) && people.TryGetValue(g, out var p) ? p.DisplayName : "nobody";
        string Group(string? id) => Guid.TryParse(id, out var g) && groups.TryGetValue(g, out var n) ? n : "no group";
        return events.Select(e =>
        {
            var actor = e.ActorId is { } a && people.TryGetValue(a, out var p) ? p.DisplayName : e.ActorId is null ? "Quadrant" : null;
            return e.Kind switch
            {
                IncidentEventKind.Created or IncidentEventKind.Imported => new TimelineItem(e.At, "created", TimelineCategory.Changes,
                    e.Kind == IncidentEventKind.Imported ? "Imported" : "Recorded", e.Note, actor, true, e.Id),
                IncidentEventKind.StatusChanged => new TimelineItem(e.At, "status", TimelineCategory.Changes, $"Status {e.From} → {e.To}", e.Note, actor, true, e.Id),
                IncidentEventKind.PriorityChanged => new TimelineItem(e.At, "priority", TimelineCategory.Changes, $"Priority P{e.From} → P{e.To}", null, actor, false, e.Id),
                IncidentEventKind.GroupChanged => new TimelineItem(e.At, "group", TimelineCategory.Changes, $"Group {Group(e.From)} → {Group(e.To)}", null, actor, false, e.Id),
                IncidentEventKind.Assigned => new TimelineItem(e.At, "assignee", TimelineCategory.Changes, $"Assignee {Person(e.From)} → {Person(e.To)}", null, actor, false, e.Id),
                IncidentEventKind.Escalated => new TimelineItem(e.At, "escalated", TimelineCategory.Changes, $"Escalated ({e.From})", e.Note, actor, false, e.Id),
                IncidentEventKind.MajorDeclared => new TimelineItem(e.At, "majorDeclared", TimelineCategory.Changes, "Declared a major incident", e.Note, actor, false, e.Id),
                IncidentEventKind.Linked => new TimelineItem(e.At, "linked", TimelineCategory.Changes, $"Related to {e.To}", e.Note, actor, false, e.Id),
                IncidentEventKind.Unlinked => new TimelineItem(e.At, "unlinked", TimelineCategory.Changes, $"No longer related to {e.From}", e.Note, actor, false, e.Id),
                _ => new TimelineItem(e.At, "change", TimelineCategory.Changes, e.Kind.ToString(), e.Note, actor, false, e.Id),
            };
        });
    }
}

internal sealed class MajorUpdateTimeline(QuadrantDbContext db) : ITimelineSource
{
    public async Task<IEnumerable<TimelineItem>> ReadAsync(Incident incident, bool staff, CancellationToken ct)
    {
        if (!incident.IsMajor)
        {
            return [];
        }

        var updates = await db.Set<MajorIncidentUpdate>().AsNoTracking().Where(u => u.IncidentId == incident.Id && (staff || u.Communicated)).ToListAsync(ct);
        return updates.Select(u => new TimelineItem(u.CreatedAt, "majorUpdate", TimelineCategory.Comments,
            u.Communicated ? $"Major incident update, communicated to {string.Join(", ", u.RecipientList.Select(r => r.Name))}" : "Major incident update",
            u.Body, u.AuthorName, u.Communicated, u.Id));
    }
}

internal sealed class SlaTimeline(ISlaClockHistory history) : ITimelineSource
{
    public async Task<IEnumerable<TimelineItem>> ReadAsync(Incident incident, bool staff, CancellationToken ct)
    {
        if (!staff)
        {
            return [];
        }

        var entries = await history.HistoryAsync(IncidentViews.RecordType, incident.Id, ct);
        return entries.Select(e =>
        {
            var metric = e.Metric == ClockMetric.FirstResponse ? "First response" : "Resolution";
            var title = e.Kind switch
            {
                "breached" => $"{metric} SLA breached",
                "warning" => $"{metric} SLA at {e.Percent} %",
                "targetChanged" => $"{metric} target changed to {e.TargetMinutes} min",
                "started" => $"{metric} clock started ({e.TargetMinutes} min)",
                _ => $"{metric} clock {e.Kind}",
            };
            return new TimelineItem(e.At, $"sla.{e.Kind}", TimelineCategory.Sla, title, e.Reason, null, false, e.ClockId);
        });
    }
}

internal sealed class AuditTimeline(QuadrantDbContext db) : ITimelineSource
{
    private static readonly string[] Types = [nameof(Incident), nameof(PostIncidentReview)];

    public async Task<IEnumerable<TimelineItem>> ReadAsync(Incident incident, bool staff, CancellationToken ct)
    {
        if (!staff)
        {
            return [];
        }

        var id = incident.Id.ToString("D");
        var entries = await db.Set<AuditEntry>().AsNoTracking().Where(a => Types.Contains(a.RecordType) && a.RecordId == id)
            .OrderBy(a => a.Sequence).Take(TimelineHandler.MaxLimit).ToListAsync(ct);
        return entries.Select(a =>
        {
            var fields = AuditCollector.Deserialize(a.Changes).Select(c => c.Field).ToList();
            var what = a.RecordType == nameof(PostIncidentReview) ? "Post-incident review" : "Incident";
            return new TimelineItem(a.OccurredAt, "audit", TimelineCategory.Changes, $"{what} {a.Action.ToString().ToLowerInvariant()}",
                fields.Count == 0 ? null : $"Fields: {string.Join(", ", fields)}", a.ActorName, false, a.Id);
        });
    }
}

internal static class TimelineEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/incidents/{id:guid}/timeline", async (Guid id, string? category, string? limit, TimelineHandler handler, CancellationToken ct) =>
                (await handler.Handle(id, category, limit, ct)).Map(Results.Ok))
            .WithName("GetIncidentTimeline").WithTags("Incidents")
            .WithSummary("One chronological timeline: comments and work notes, changes, escalations, major updates, SLA events and audit entries (category: comments, changes, sla; limit up to 2000, default 500). Requesters see public entries of their own incidents.")
            .Produces<TimelineView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
}
