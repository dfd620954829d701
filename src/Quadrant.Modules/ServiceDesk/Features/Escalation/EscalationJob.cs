using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Jobs;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Time;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.Escalation;

/// <summary>
/// Evaluates the active escalation rules against open incidents with a running resolution clock. A
/// rule fires once per incident: the firing row's key (rule, incident) is unique and is written in the
/// same transaction as the reassignment or the notifications, so when two nodes race the loser rolls
/// back and moves on. Driven by <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class EscalationJob(
    IServiceScopeFactory scopes, TimeProvider time, JobMetrics metrics, ServiceDeskOptions options, ILogger<EscalationJob> logger)
    : RecurringJob(scopes, time, metrics, logger)
{
    private readonly TimeProvider clock = time;

    protected override string Name => "incident-escalation";

    protected override TimeSpan Interval => options.EscalationInterval;

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<QuadrantDbContext>();
        var clocks = services.GetRequiredService<ISlaClocks>();
        var now = clock.UtcNow();
        var fired = 0;
        var rules = await db.Set<EscalationRule>().AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.Name).ToListAsync(ct);
        foreach (var rule in rules)
        {
            var priorities = rule.PriorityList.ToList();
            var ruleId = rule.Id;
            var candidates = db.Set<Incident>().AsNoTracking()
                .Where(i => Incident.Open.Contains(i.Status) && priorities.Contains(i.Priority) && i.DueSort < Incident.NoDue)
                .Where(i => !db.Set<EscalationFiring>().Any(f => f.RuleId == ruleId && f.IncidentId == i.Id));
            if (rule.Trigger == EscalationTrigger.MinutesBeforeDue)
            {
                var limit = now.AddMinutes(rule.Threshold);
                candidates = candidates.Where(i => i.DueSort <= limit);
            }

            var ids = await candidates.OrderBy(i => i.DueSort).ThenBy(i => i.Id).Select(i => i.Id).Take(options.EscalationBatchSize).ToListAsync(ct);
            foreach (var id in ids)
            {
                if (rule.Trigger == EscalationTrigger.PercentElapsed)
                {
                    var resolution = (await clocks.ReadAsync(IncidentViews.RecordType, id, now, ct)).FirstOrDefault(c => c.Metric == ClockMetric.Resolution);
                    if (resolution is null || resolution.TargetMinutes <= 0 || resolution.ElapsedMinutes * 100 < rule.Threshold * (double)resolution.TargetMinutes)
                    {
                        continue;
                    }
                }

                if (await FireAsync(db, rule, id, now, ct))
                {
                    fired++;
                }
            }
        }

        return fired;
    }

    private async Task<bool> FireAsync(QuadrantDbContext db, EscalationRule rule, Guid incidentId, DateTime now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Set<EscalationFiring>().AnyAsync(f => f.RuleId == rule.Id && f.IncidentId == incidentId, ct))
            {
                return false; // another node fired it
            }

            var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null || !Incident.Open.Contains(incident.Status))
            {
                return false;
            }

            db.Add(EscalationFiring.Create(rule.Id, incidentId, now));
            var trigger = rule.Trigger == EscalationTrigger.PercentElapsed ? $"{rule.Threshold} % of the resolution target elapsed" : $"{rule.Threshold} minutes before due";
            if (rule.Action == EscalationAction.Functional && rule.TargetGroupId is { } target)
            {
                var groupName = await db.Set<AssignmentGroup>().AsNoTracking().Where(g => g.Id == target).Select(g => g.Name).FirstOrDefaultAsync(ct);
                var before = IncidentState.Of(incident);
                if (incident.AssignmentGroupId != target)
                {
                    incident.Reassign(target, now);
                }

                db.Add(IncidentEvent.Create(incident.Id, IncidentEventKind.Escalated, "functional", groupName, $"{rule.Name}: {trigger}; reassigned to {groupName}.", null, now));
                IncidentHistory.Changed(db, incident, before, null, now, null);
                var members = await db.Set<AssignmentGroupMember>().AsNoTracking().Where(m => m.GroupId == target).Select(m => m.UserId).ToListAsync(ct);
                await IncidentNotices.UsersAsync(db, members, incident, "incident.escalated", $"escalated to {groupName}", $"{incident.Title} (P{incident.Priority}): {rule.Name}, {trigger}.", now);
            }
            else
            {
                var recipients = rule.NotifyUsers.ToList();
                if (rule.NotifyManager && incident.AssignmentGroupId is { } group &&
                    await db.Set<AssignmentGroup>().AsNoTracking().Where(g => g.Id == group).Select(g => g.ManagerId).FirstOrDefaultAsync(ct) is { } manager)
                {
                    recipients.Add(manager);
                }

                db.Add(IncidentEvent.Create(incident.Id, IncidentEventKind.Escalated, "hierarchic", null,
                    $"{rule.Name}: {trigger}; notified {recipients.Distinct().Count()} people.", null, now));
                await IncidentNotices.UsersAsync(db, recipients, incident, "incident.escalated", "escalation", $"{incident.Title} (P{incident.Priority}): {rule.Name}, {trigger}.", now);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e))
        {
            LogRace(logger, rule.Id, incidentId);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Escalation rule {RuleId} on incident {IncidentId}: another node fired it first")]
    private static partial void LogRace(ILogger logger, Guid ruleId, Guid incidentId);
}
