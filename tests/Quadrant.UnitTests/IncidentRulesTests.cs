using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;

namespace Quadrant.UnitTests;

public class IncidentRulesTests
{
    private static readonly DateTime T0 = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    private static Incident New(Guid? assignee = null) =>
        Incident.Create(7, "Mail down", "", Guid.NewGuid(), null, Guid.NewGuid(), "", Impact.High, Urgency.Medium, PriorityMatrix.Default, null, assignee, IncidentSource.Agent, T0);

    [Fact]
    public void The_default_matrix_ranks_impact_and_urgency()
    {
        Assert.Equal(1, PriorityMatrix.Default.PriorityOf(Impact.High, Urgency.High));
        Assert.Equal(2, PriorityMatrix.Default.PriorityOf(Impact.High, Urgency.Medium));
        Assert.Equal(2, PriorityMatrix.Default.PriorityOf(Impact.Medium, Urgency.High));
        Assert.Equal(4, PriorityMatrix.Default.PriorityOf(Impact.Low, Urgency.Low));
        Assert.Equal("INC-000007", New().Reference);
        Assert.Equal(IncidentStatus.Assigned, New(Guid.NewGuid()).Status);
    }

    [Fact]
    public void A_matrix_with_a_missing_row_or_a_priority_out_of_range_is_refused()
    {
        var errors = new List<string>();
        new PriorityMatrix([[1, 2, 3], [2, 3, 4]]).Validate((f, _) => errors.Add(f));
        Assert.Equal(["rows"], errors);
        errors.Clear();
        new PriorityMatrix([[1, 2, 3], [2, 9, 4], [3, 4, 0]]).Validate((f, _) => errors.Add(f));
        Assert.Equal(["rows[1][1]", "rows[2][2]"], errors);
    }

    [Fact]
    public void Every_status_allows_exactly_its_moves()
    {
        foreach (var from in Enum.GetValues<IncidentStatus>())
        {
            foreach (var to in Enum.GetValues<IncidentStatus>())
            {
                var incident = New(Guid.NewGuid());
                Reach(incident, from);
                var allowed = Incident.Allowed[from].Contains(to);
                var moved = Record.Exception(() => incident.MoveTo(to, PendingReason.AwaitingCustomer, "Fixed", "Notes", TimeSpan.FromDays(7), T0.AddHours(1)));
                Assert.True(allowed == (moved is null), $"{from} -> {to}: allowed {allowed}, got {moved?.Message}");
                if (moved is DomainRuleException rule)
                {
                    Assert.Equal("incident.transition", rule.Rule);
                }
            }
        }
    }

    [Fact]
    public void Reopening_is_refused_after_the_window_and_clears_the_resolution_time_within_it()
    {
        var incident = New(Guid.NewGuid());
        incident.MoveTo(IncidentStatus.Resolved, null, "Fixed", "Restarted", TimeSpan.FromDays(7), T0);
        Assert.Equal(T0, incident.RespondedAt);
        var late = Assert.Throws<DomainRuleException>(() => incident.MoveTo(IncidentStatus.InProgress, null, null, null, TimeSpan.FromDays(7), T0.AddDays(7).AddMinutes(1)));
        Assert.Equal("incident.reopen-window", late.Rule);
        incident.MoveTo(IncidentStatus.InProgress, null, null, null, TimeSpan.FromDays(7), T0.AddDays(7));
        Assert.Null(incident.ResolvedAt);
    }

    [Fact]
    public void Assigning_needs_someone_and_closed_incidents_cannot_be_edited()
    {
        var incident = New();
        Assert.Equal("incident.assign-someone",
            Assert.Throws<DomainRuleException>(() => incident.MoveTo(IncidentStatus.Assigned, null, null, null, TimeSpan.Zero, T0)).Rule);
        incident.MoveTo(IncidentStatus.Cancelled, null, null, null, TimeSpan.Zero, T0);
        Assert.Equal("incident.final", Assert.Throws<DomainRuleException>(() =>
            incident.Edit("x", "", Guid.NewGuid(), null, "", Impact.Low, Urgency.Low, PriorityMatrix.Default, null, null, T0)).Rule);
    }

    [Fact]
    public void A_new_impact_or_urgency_reports_a_priority_change()
    {
        var incident = New();
        Assert.False(incident.Edit("Mail down", "", incident.ServiceId, null, "", Impact.High, Urgency.Medium, PriorityMatrix.Default, null, null, T0));
        Assert.True(incident.Edit("Mail down", "", incident.ServiceId, null, "", Impact.High, Urgency.High, PriorityMatrix.Default, null, null, T0));
        Assert.Equal(1, incident.Priority);
    }

    /// <summary>Walks a path of allowed moves to the given status.</summary>
    private static void Reach(Incident incident, IncidentStatus target)
    {
        var path = target switch
        {
            IncidentStatus.New => [],
            IncidentStatus.Assigned => Array.Empty<IncidentStatus>(),
            IncidentStatus.InProgress => [IncidentStatus.InProgress],
            IncidentStatus.Pending => [IncidentStatus.Pending],
            IncidentStatus.Resolved => [IncidentStatus.Resolved],
            IncidentStatus.Closed => [IncidentStatus.Resolved, IncidentStatus.Closed],
            _ => [IncidentStatus.Cancelled],
        };
        if (target == IncidentStatus.New)
        {
            // Created with an assignee it starts assigned; a fresh unassigned one is new.
            typeof(Incident).GetProperty(nameof(Incident.Status))!.SetValue(incident, IncidentStatus.New);
        }

        foreach (var step in path)
        {
            incident.MoveTo(step, PendingReason.AwaitingCustomer, "Fixed", "Notes", TimeSpan.FromDays(7), T0);
        }

        Assert.Equal(target, incident.Status);
    }
}

public class AssignmentGroupRulesTests
{
    private static readonly DateTime T0 = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Editing_members_keeps_those_still_wanted_adds_new_ones_and_drops_the_rest()
    {
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var group = AssignmentGroup.Create("Network", "", null, null, [a, b, b], T0);
        Assert.Equal(2, group.Members.Count);
        var kept = group.Members.Single(m => m.UserId == b);

        group.Edit("Network", "", " ", null, [b, c], true, T0.AddHours(1));
        Assert.Equal(new[] { b, c }.Order(), group.Members.Select(m => m.UserId).Order());
        Assert.Same(kept, group.Members.Single(m => m.UserId == b));
        Assert.True(group.HasMember(c));
        Assert.False(group.HasMember(a));
        Assert.Null(group.Email);
        Assert.Equal(T0.AddHours(1), group.UpdatedAt);
    }

    [Fact]
    public void A_group_is_enough_to_assign_an_incident()
    {
        var incident = Incident.Create(1, "VPN down", "", Guid.NewGuid(), null, null, "", Impact.Low, Urgency.Low, PriorityMatrix.Default, Guid.NewGuid(), null,
            IncidentSource.Agent, T0);
        incident.MoveTo(IncidentStatus.Assigned, null, null, null, TimeSpan.Zero, T0);
        Assert.Equal(IncidentStatus.Assigned, incident.Status);
    }
}
