using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.SatisfactionResults;

namespace Quadrant.UnitTests;

public class PortalRulesTests
{
    private static readonly DateTime T0 = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static Incident Resolved()
    {
        var incident = Incident.Create(3, "Screen flickers", "", Guid.NewGuid(), null, Guid.NewGuid(), "", Impact.Low, Urgency.Low, PriorityMatrix.Default, null, null,
            IncidentSource.Portal, T0);
        incident.MoveTo(IncidentStatus.Resolved, null, "Fixed", "New cable.", Week, T0.AddHours(1));
        return incident;
    }

    [Fact]
    public void Confirming_closes_a_resolved_incident_and_nothing_else()
    {
        var incident = Resolved();
        incident.ConfirmResolution(T0.AddDays(30)); // no window for confirming
        Assert.Equal(IncidentStatus.Closed, incident.Status);
        Assert.Equal(T0.AddDays(30), incident.ClosedAt);
        Assert.Equal("incident.not-resolved", Assert.Throws<DomainRuleException>(() => incident.ConfirmResolution(T0.AddDays(31))).Rule);
    }

    [Fact]
    public void Rejecting_reopens_within_the_window_only()
    {
        var incident = Resolved();
        Assert.Equal("incident.reopen-window", Assert.Throws<DomainRuleException>(() => incident.RejectResolution(Week, T0.AddHours(1) + Week + TimeSpan.FromSeconds(1))).Rule);
        incident.RejectResolution(Week, T0.AddHours(1) + Week);
        Assert.Equal(IncidentStatus.InProgress, incident.Status);
        Assert.Null(incident.ResolvedAt);
        Assert.Equal("incident.not-resolved", Assert.Throws<DomainRuleException>(() => incident.RejectResolution(Week, T0.AddDays(2))).Rule);
    }

    [Fact]
    public void Auto_close_is_due_only_for_resolved_incidents_after_the_period()
    {
        var incident = Resolved();
        var period = TimeSpan.FromDays(5);
        Assert.False(incident.IsDueForAutoClose(period, T0.AddHours(1) + period - TimeSpan.FromSeconds(1)));
        Assert.True(incident.IsDueForAutoClose(period, T0.AddHours(1) + period));
        incident.ConfirmResolution(T0.AddDays(6));
        Assert.False(incident.IsDueForAutoClose(period, T0.AddDays(60)));
    }

    [Fact]
    public void A_survey_keeps_only_the_hash_of_its_token_answers_once_and_expires()
    {
        var incident = Resolved();
        incident.ConfirmResolution(T0.AddDays(1));
        var survey = SurveyInvitation.Create(incident, TimeSpan.FromDays(30), T0.AddDays(1));
        var first = survey.IssueToken();
        var second = survey.IssueToken();
        Assert.NotEqual(first, second);
        Assert.True(second.Length >= 43);
        Assert.Equal(SurveyInvitation.Hash(second), survey.TokenHash);
        Assert.DoesNotContain(second, survey.TokenHash!, StringComparison.Ordinal);

        Assert.True(survey.IsExpired(T0.AddDays(31)));
        Assert.Equal("survey.expired", Assert.Throws<DomainRuleException>(() => survey.Answer(5, null, true, T0.AddDays(31))).Rule);
        survey.Answer(4, "  Good\u0007 ", false, T0.AddDays(2));
        Assert.Equal((4, "Good"), (survey.Rating!.Value, survey.Comment));
        Assert.Equal("survey.answered", Assert.Throws<DomainRuleException>(() => survey.Answer(1, null, true, T0.AddDays(3))).Rule);
    }

    [Fact]
    public void A_grant_needs_an_organization()
    {
        var profile = RequesterProfile.Create(Guid.NewGuid(), T0);
        Assert.Equal("requester.organization-required", Assert.Throws<DomainRuleException>(() => profile.Set(null, true, T0)).Rule);
        profile.Set(Guid.NewGuid(), true, T0);
        Assert.True(profile.SeesOrganizationIncidents);
    }

    [Fact]
    public void Results_average_and_distribution_are_computed_from_the_counts_and_csv_cannot_run_formulas()
    {
        var group = SatisfactionResultsHandler.Group(null, "Mail", [(5, 2), (1, 1), (4, 1)], []);
        Assert.Equal(4, group.Count);
        Assert.Equal(3.75, group.Average);
        Assert.Equal([1, 0, 0, 1, 2], group.Distribution);
        Assert.Null(SatisfactionResultsHandler.Group(null, "Empty", [], []).Average);

        var report = new SatisfactionReport(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1), "service",
            SatisfactionResultsHandler.Group(null, "All", [(3, 1)], []), [SatisfactionResultsHandler.Group(Guid.Empty, "=HYPERLINK(\"x\")", [(3, 1)], [])]);
        var csv = SatisfactionResultsHandler.Csv(report);
        Assert.StartsWith("service,id,answers,average,rated 1", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", csv, StringComparison.Ordinal);
    }
}
