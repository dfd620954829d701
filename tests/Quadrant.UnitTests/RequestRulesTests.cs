using System.Text.Json;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.ServiceDesk.Domain.Requests;

namespace Quadrant.UnitTests;

public class RequestRulesTests
{
    private static readonly DateTime T0 = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Alice = Guid.NewGuid();
    private static readonly Guid Manager = Guid.NewGuid();
    private static readonly Guid Finance = Guid.NewGuid();

    private static ItemSnapshot Snapshot(ApprovalMode mode, TaskOrdering ordering, params string[] tasks) =>
        new("New laptop", 1, "", null, FormDefinition.Empty, new ApprovalDefinition(mode, [Manager, Finance]),
            new FulfilmentDefinition(ordering, tasks.Select(t => new TaskTemplate(t)).ToList()));

    private static ServiceRequest Raise(ApprovalMode mode, TaskOrdering ordering = TaskOrdering.Sequential, params string[] tasks) =>
        ServiceRequest.Raise(1, Guid.NewGuid(), Snapshot(mode, ordering, tasks), Guid.NewGuid(), null, Alice, Alice, 3,
            new Dictionary<string, JsonElement>(), mode == ApprovalMode.None ? [] : [Manager, Finance], T0);

    private static Check Validate(params FormField[] fields)
    {
        var check = new Check();
        RequestForms.ValidateDefinition(new FormDefinition(fields), check);
        return check;
    }

    private static string[] Errors(Check check) =>
        check.ToProblem().Errors!.Keys.Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void A_form_definition_needs_unique_keys_options_for_choices_and_min_not_above_max()
    {
        Assert.True(Validate(new FormField("model", "Model", FormFieldType.Choice, Options: ["A", "B"]), new FormField("ram", "RAM", FormFieldType.Number, Min: 8, Max: 64)).IsValid);
        Assert.Equal(["form.fields[1].key"], Errors(Validate(new FormField("a", "A", FormFieldType.Text), new FormField("A", "Again", FormFieldType.Text))));
        Assert.Equal(["form.fields[0].options"], Errors(Validate(new FormField("c", "C", FormFieldType.MultiChoice, Options: []))));
        Assert.Equal(["form.fields[0].options"], Errors(Validate(new FormField("c", "C", FormFieldType.Choice, Options: ["x", "X"]))));
        Assert.Equal(["form.fields[0].options"], Errors(Validate(new FormField("t", "T", FormFieldType.Text, Options: ["x"]))));
        Assert.Equal(["form.fields[0].max"], Errors(Validate(new FormField("n", "N", FormFieldType.Number, Min: 5, Max: 1))));
        Assert.Equal(["form.fields[0].min"], Errors(Validate(new FormField("d", "D", FormFieldType.Date, Min: 1))));
        Assert.Equal(["form.fields[0].key", "form.fields[0].label", "form.fields[0].type"], Errors(Validate(new FormField("1st", " ", null))));
    }

    [Fact]
    public void Answers_are_checked_by_type_required_rule_options_and_range()
    {
        var form = new FormDefinition([
            new FormField("model", "Model", FormFieldType.Choice, Required: true, Options: ["Standard", "Developer"]),
            new FormField("ram", "RAM", FormFieldType.Number, Min: 8, Max: 64),
            new FormField("when", "When", FormFieldType.Date),
            new FormField("extras", "Extras", FormFieldType.MultiChoice, Options: ["Dock", "Mouse"]),
            new FormField("ok", "Policy", FormFieldType.Checkbox, Required: true),
            new FormField("mail", "Mail", FormFieldType.Email),
            new FormField("who", "Who", FormFieldType.User),
        ]);
        var users = new Dictionary<string, Guid>();
        var good = new Check();
        var who = Guid.NewGuid();
        var answers = RequestForms.ValidateAnswers(form, Parse($$"""{"model":"developer","ram":"16","when":"2026-12-01","extras":["dock","Dock"],"ok":true,"mail":"a@example.com","who":"{{who}}"}"""), good, users);
        Assert.True(good.IsValid);
        Assert.Equal("Developer", answers["model"].GetString());
        Assert.Equal(16m, answers["ram"].GetDecimal());
        Assert.Equal(["Dock"], answers["extras"].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(who, users["who"]);

        var bad = new Check();
        RequestForms.ValidateAnswers(form, Parse("""{"ram":4,"when":"01/12/2026","extras":["Printer"],"ok":false,"mail":"nope","who":"x","other":1}"""), bad, users);
        Assert.Equal(["answers.extras", "answers.mail", "answers.model", "answers.ok", "answers.other", "answers.ram", "answers.when", "answers.who"], Errors(bad));
    }

    [Fact]
    public void All_mode_waits_for_every_approver_and_each_decides_once()
    {
        var request = Raise(ApprovalMode.All, TaskOrdering.Sequential, "Order", "Hand over");
        Assert.Equal(RequestStatus.AwaitingApproval, request.Status);
        Assert.Empty(request.Tasks);
        request.Decide(Manager, true, null, T0.AddHours(1));
        Assert.Equal(RequestStatus.AwaitingApproval, request.Status);
        Assert.Equal("request.already-decided", Assert.Throws<DomainRuleException>(() => request.Decide(Manager, true, null, T0)).Rule);
        Assert.Equal("request.not-an-approver", Assert.Throws<DomainRuleException>(() => request.Decide(Alice, true, null, T0)).Rule);
        request.Decide(Finance, true, null, T0.AddHours(2));
        Assert.Equal(RequestStatus.InFulfilment, request.Status);
        Assert.Equal(T0.AddHours(2), request.ApprovedAt);
        Assert.Equal([RequestTaskStatus.Open, RequestTaskStatus.Waiting], request.Tasks.Select(t => t.Status));
    }

    [Fact]
    public void Any_mode_approves_on_the_first_approval_and_a_rejection_ends_the_request()
    {
        var approved = Raise(ApprovalMode.Any, TaskOrdering.Parallel, "Grant", "Tell");
        approved.Decide(Finance, true, null, T0);
        Assert.Equal(RequestStatus.InFulfilment, approved.Status);
        Assert.Equal(ApprovalDecision.Skipped, approved.Approvals.Single(a => a.ApproverId == Manager).Decision);
        Assert.All(approved.Tasks, t => Assert.Equal(RequestTaskStatus.Open, t.Status));

        var rejected = Raise(ApprovalMode.All, TaskOrdering.Sequential, "Order");
        rejected.Decide(Manager, false, "Not in budget", T0);
        Assert.Equal(RequestStatus.Rejected, rejected.Status);
        Assert.Empty(rejected.Tasks);
        Assert.Equal("request.not-awaiting-approval", Assert.Throws<DomainRuleException>(() => rejected.Decide(Finance, true, null, T0)).Rule);
    }

    [Fact]
    public void Ordered_tasks_open_one_by_one_and_the_last_one_fulfils_the_request()
    {
        var request = Raise(ApprovalMode.None, TaskOrdering.Sequential, "One", "Two", "Three");
        Assert.Equal(RequestStatus.InFulfilment, request.Status);
        var (one, two, three) = (request.Tasks[0], request.Tasks[1], request.Tasks[2]);
        Assert.Equal("request-task.transition", Assert.Throws<DomainRuleException>(() => request.ChangeTask(two.Id, RequestTaskStatus.Done, null, null, null, T0)).Rule);
        request.ChangeTask(one.Id, RequestTaskStatus.InProgress, null, null, null, T0);
        request.ChangeTask(one.Id, RequestTaskStatus.Done, null, null, null, T0);
        Assert.Equal(RequestTaskStatus.Open, two.Status);
        Assert.Equal(RequestTaskStatus.Waiting, three.Status);
        request.ChangeTask(two.Id, RequestTaskStatus.Cancelled, null, null, null, T0);
        Assert.Equal(RequestTaskStatus.Open, three.Status);
        Assert.Equal("request.open-tasks", Assert.Throws<DomainRuleException>(() => request.MoveTo(RequestStatus.Fulfilled, null, null, T0)).Rule);
        request.ChangeTask(three.Id, RequestTaskStatus.Done, null, null, null, T0.AddHours(1));
        Assert.Equal(RequestStatus.Fulfilled, request.Status);
        Assert.Equal(T0.AddHours(1), request.FulfilledAt);
        Assert.Equal("request-task.not-in-fulfilment", Assert.Throws<DomainRuleException>(() => request.ChangeTask(three.Id, null, null, null, null, T0)).Rule);
    }

    [Fact]
    public void People_only_fulfil_close_and_cancel_and_cancelling_comes_before_fulfilment()
    {
        var waiting = Raise(ApprovalMode.Any);
        var e = Assert.Throws<DomainRuleException>(() => waiting.MoveTo(RequestStatus.Approved, null, null, T0));
        Assert.Equal("request.transition", e.Rule);
        Assert.Contains("Allowed: cancelled", e.Message, StringComparison.Ordinal);
        waiting.MoveTo(RequestStatus.Cancelled, null, Alice, T0);
        Assert.All(waiting.Approvals, a => Assert.Equal(ApprovalDecision.Skipped, a.Decision));

        var working = Raise(ApprovalMode.None);
        Assert.Equal("request.transition", Assert.Throws<DomainRuleException>(() => working.MoveTo(RequestStatus.Cancelled, null, null, T0)).Rule);
        working.MoveTo(RequestStatus.Fulfilled, null, null, T0);
        working.MoveTo(RequestStatus.Closed, null, null, T0);
        Assert.Equal("REQ-000001", working.Reference);
        Assert.Equal(Enumerable.Range(1, working.NewEvents.Count), working.NewEvents.Select(x => x.Sequence));
    }

    private static Dictionary<string, JsonElement> Parse(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
}
