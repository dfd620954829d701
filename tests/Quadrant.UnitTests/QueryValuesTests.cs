using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.UnitTests;

public class QueryValuesTests
{
    [Fact]
    public void Enum_lists_take_names_in_any_case_and_refuse_numbers_and_unknowns()
    {
        var check = new Check();
        Assert.Equal([ServiceLifecycle.Live, ServiceLifecycle.Pipeline], check.Enums<ServiceLifecycle>(" live, PIPELINE ", "lifecycle"));
        Assert.True(check.IsValid);
        Assert.Empty(check.Enums<ServiceLifecycle>(null, "lifecycle"));
        Assert.Empty(check.Enums<ServiceLifecycle>("2,gone", "lifecycle"));
        Assert.Equal(["lifecycle"], check.ToProblem().Errors!.Keys);
        Assert.Equal(2, check.ToProblem().Errors!["lifecycle"].Length);
    }

    [Fact]
    public void Numbers_ids_and_flags_name_the_parameter_when_malformed()
    {
        var check = new Check();
        Assert.Equal([1, 3], check.Numbers("1, 3", "priority", 1, 5, "priorities"));
        Assert.Null(check.Id("", "serviceId"));
        Assert.Null(check.Flag(null, "breached"));
        Assert.True(check.Flag("TRUE", "breached"));
        var id = Guid.NewGuid();
        Assert.Equal(id, check.Id(id.ToString(), "serviceId"));
        Assert.True(check.IsValid);

        Assert.Empty(check.Numbers("0,6,x,-1", "priority", 1, 5, "priorities"));
        Assert.Null(check.Id("not-a-guid", "serviceId", "a service id"));
        Assert.Null(check.Flag("maybe", "breached"));
        var errors = check.ToProblem().Errors!;
        Assert.Equal(4, errors["priority"].Length);
        Assert.Equal(["'serviceId' must be a service id (a GUID)."], errors["serviceId"]);
        Assert.Equal(["'breached' must be true or false."], errors["breached"]);
    }
}
