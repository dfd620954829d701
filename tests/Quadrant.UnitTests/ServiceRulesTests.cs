using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.UnitTests;

public class ServiceRulesTests
{
    private static readonly DateTime T0 = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_new_service_cannot_start_retired()
    {
        var e = Assert.Throws<DomainRuleException>(() =>
            Service.Create("Mail", "", null, ServiceCriticality.High, ServiceLifecycle.Retired, T0));
        Assert.Equal("catalogue.new-in-pipeline-or-live", e.Rule);
    }

    [Fact]
    public void Going_live_records_when_and_bumps_nothing_else()
    {
        var s = Service.Create("Mail", "", null, ServiceCriticality.High, ServiceLifecycle.Pipeline, T0);
        Assert.Null(s.LiveSince);
        s.Update("Mail", "Mailboxes", null, ServiceCriticality.Critical, ServiceLifecycle.Live, T0.AddDays(1));
        Assert.Equal(T0.AddDays(1), s.LiveSince);
        Assert.Equal(T0.AddDays(1), s.UpdatedAt);
        Assert.Equal(T0, s.CreatedAt);
        Assert.Equal(ServiceCriticality.Critical, s.Criticality);
    }

    [Fact]
    public void Created_live_has_live_since_equal_to_creation()
    {
        var s = Service.Create("Mail", "", null, ServiceCriticality.High, ServiceLifecycle.Live, T0);
        Assert.Equal(T0, s.LiveSince);
    }

    [Fact]
    public void A_live_service_cannot_go_back_to_the_pipeline()
    {
        var s = Service.Create("Mail", "", null, ServiceCriticality.High, ServiceLifecycle.Live, T0);
        var e = Assert.Throws<DomainRuleException>(() =>
            s.Update("Mail", "", null, ServiceCriticality.High, ServiceLifecycle.Pipeline, T0.AddHours(1)));
        Assert.Equal("catalogue.lifecycle-forward", e.Rule);
        Assert.Equal(ServiceLifecycle.Live, s.Lifecycle);
    }

    [Fact]
    public void Editing_cannot_retire_a_service()
    {
        var s = Service.Create("Mail", "", null, ServiceCriticality.High, ServiceLifecycle.Live, T0);
        var e = Assert.Throws<DomainRuleException>(() =>
            s.Update("Mail", "", null, ServiceCriticality.High, ServiceLifecycle.Retired, T0.AddHours(1)));
        Assert.Equal("catalogue.retire-by-action", e.Rule);
    }

    [Fact]
    public void A_retired_service_is_final()
    {
        var s = Service.Create("Mail", "", null, ServiceCriticality.High, ServiceLifecycle.Live, T0);
        s.Retire(T0.AddDays(2));
        Assert.Equal(ServiceLifecycle.Retired, s.Lifecycle);
        Assert.Equal(T0.AddDays(2), s.RetiredAt);
        Assert.Equal("catalogue.retired-is-final",
            Assert.Throws<DomainRuleException>(() => s.Retire(T0.AddDays(3))).Rule);
        Assert.Equal("catalogue.retired-is-final",
            Assert.Throws<DomainRuleException>(() => s.Update("X", "", null, ServiceCriticality.Low, ServiceLifecycle.Live, T0.AddDays(3))).Rule);
        Assert.Equal("Mail", s.Name);
    }

    [Fact]
    public void Service_ids_are_time_ordered()
    {
        var a = Service.Create("A", "", null, ServiceCriticality.Low, ServiceLifecycle.Live, T0);
        var b = Service.Create("B", "", null, ServiceCriticality.Low, ServiceLifecycle.Live, T0.AddSeconds(1));
        Assert.True(string.CompareOrdinal(a.Id.ToString(), b.Id.ToString()) < 0);
    }
}
