using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.UnitTests;

public class WorkspaceRulesTests
{
    private static readonly DateTime T0 = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    private static Incident New() =>
        Incident.Create(7, "Payments down", "", Guid.NewGuid(), null, Guid.NewGuid(), "", Impact.High, Urgency.High, PriorityMatrix.Default, Guid.NewGuid(), Guid.NewGuid(), IncidentSource.Agent, T0);

    private static ClockState Clock(ClockMetric metric, string status, DateTime? due, bool breached = false) =>
        new(Guid.NewGuid(), "Incident", Guid.NewGuid(), "INC-000007", metric, Guid.NewGuid(), "SLA", 1, 1, status, 120, 10, 110, due, breached, null, null, T0, null);

    [Fact]
    public void A_major_incident_is_declared_once_and_never_once_final()
    {
        var incident = New();
        Assert.Equal(Incident.NoDue, incident.DueSort);
        incident.DeclareMajor(T0.AddMinutes(5));
        Assert.True(incident.IsMajor);
        Assert.Equal(T0.AddMinutes(5), incident.MajorDeclaredAt);
        Assert.Equal("major.already", Assert.Throws<DomainRuleException>(() => incident.DeclareMajor(T0.AddMinutes(6))).Rule);

        var cancelled = New();
        cancelled.MoveTo(IncidentStatus.Cancelled, null, null, null, TimeSpan.FromDays(7), T0);
        Assert.Equal("incident.final", Assert.Throws<DomainRuleException>(() => cancelled.DeclareMajor(T0)).Rule);
    }

    [Fact]
    public void Functional_escalation_moves_the_group_and_clears_the_assignee()
    {
        var incident = New();
        var group = Guid.NewGuid();
        incident.Reassign(group, T0.AddHours(1));
        Assert.Equal(group, incident.AssignmentGroupId);
        Assert.Null(incident.AssigneeId);
    }

    [Fact]
    public void The_queue_copies_the_running_resolution_clocks_due_instant_only()
    {
        var due = T0.AddHours(2);
        Assert.Equal((due, false), IncidentDue.From([Clock(ClockMetric.FirstResponse, "Running", T0.AddMinutes(30)), Clock(ClockMetric.Resolution, "Running", due)]));
        Assert.Equal(((DateTime?)null, true), IncidentDue.From([Clock(ClockMetric.Resolution, "Stopped", due, breached: true)]));
        Assert.Equal(((DateTime?)null, false), IncidentDue.From([Clock(ClockMetric.FirstResponse, "Running", due)]));
        Assert.Equal(((DateTime?)null, false), IncidentDue.From([Clock(ClockMetric.Resolution, "Paused", null)]));
    }

    [Fact]
    public void A_rule_keeps_only_the_fields_of_its_action()
    {
        var rule = EscalationRule.Create(T0);
        rule.Set("P1 half time", [2, 1, 1], EscalationTrigger.PercentElapsed, 50, EscalationAction.Hierarchic, Guid.NewGuid(), true, [Guid.Empty], true, T0);
        Assert.Equal([1, 2], rule.PriorityList);
        Assert.Null(rule.TargetGroupId);
        Assert.True(rule.NotifyManager);
        var group = Guid.NewGuid();
        rule.Set("P1 to second line", [1], EscalationTrigger.MinutesBeforeDue, 30, EscalationAction.Functional, group, true, [Guid.NewGuid()], true, T0);
        Assert.Equal(group, rule.TargetGroupId);
        Assert.False(rule.NotifyManager);
        Assert.Empty(rule.NotifyUsers);
    }

    [Fact]
    public void The_major_rule_needs_both_the_priority_and_a_listed_criticality()
    {
        var settings = MajorIncidentSettings.Defaults(T0);
        Assert.False(settings.Applies(1, "Critical")); // off by default
        settings.Update(2, ["High", "critical"], [], T0);
        Assert.True(settings.Applies(1, "Critical"));
        Assert.True(settings.Applies(2, "high"));
        Assert.False(settings.Applies(3, "High"));
        Assert.False(settings.Applies(1, "Medium"));
    }

    [Fact]
    public void A_review_is_completed_once_and_reopened_by_saving_it_as_a_draft()
    {
        var review = PostIncidentReview.Create(Guid.NewGuid(), T0);
        var by = Guid.NewGuid();
        review.Update("s", "r", "", "", [new ReviewAction("Monitor expiry", by, new DateOnly(2026, 12, 31))], complete: true, by, T0.AddHours(1));
        review.Update("s2", "r", "", "", [], complete: true, Guid.NewGuid(), T0.AddHours(2));
        Assert.Equal(T0.AddHours(1), review.CompletedAt);
        Assert.Equal(by, review.CompletedBy);
        review.Update("s3", "r", "", "", [], complete: false, by, T0.AddHours(3));
        Assert.Null(review.CompletedAt);
        Assert.Empty(review.ActionList);
    }
}
