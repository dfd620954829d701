using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Domain.Requests;
using Quadrant.Modules.ServiceDesk.Features.RequestShared;

namespace Quadrant.Web.Hosting;

internal static partial class DemoData
{
    /// <summary>
    /// Five request catalogue items (a laptop with two approvers and three ordered tasks, a software
    /// licence, shared-mailbox access, a password reset for the desk, a headset) and a dozen requests
    /// in every state, raised over the last two weeks, with their SLA clocks.
    /// </summary>
    private static async Task SeedRequestsAsync(IServiceProvider sp, QuadrantDbContext db, IReadOnlyDictionary<string, Guid> ids, DateTime now, CancellationToken ct)
    {
        var clocks = sp.GetRequiredService<ISlaClocks>();
        var services = await db.Set<Service>().ToDictionaryAsync(s => s.Name, ct);
        var finance = await db.Set<Customer>().FirstAsync(c => c.Name == "Finance department", ct);
        var (rita, agent, priya, sam, mona) = (ids[Roles.Requester], ids[Roles.Agent], ids[Roles.ProcessOwner], ids[Roles.ServiceOwner], ids[Roles.SmsManager]);
        var desk = AssignmentGroup.Create("Workplace support", "Laptops, phones, accounts and licences.", null, priya, [agent], now.AddDays(-30));
        db.Add(desk);

        FormField Choice(string key, string label, bool required, params string[] options) => new(key, label, FormFieldType.Choice, null, required, options);
        var laptop = RequestItem.Create("New laptop", "A standard or developer laptop for a new starter or a replacement.", "Hardware", services["Laptop provisioning"].Id,
            true, ItemAudience.Everyone, "Check the stock room before ordering; developer models need a second approval from Finance.", 5 * 24 * 60, 3,
            new FormDefinition([
                Choice("model", "Model", true, "Standard 14-inch", "Developer 16-inch"),
                new FormField("memory", "Memory (GB)", FormFieldType.Number, "Developers usually need 32 GB.", false, null, 8, 64),
                new FormField("neededBy", "Needed by", FormFieldType.Date, "The new starter's first day.", true),
                new FormField("justification", "Why is it needed?", FormFieldType.Multiline, null, true),
                new FormField("accessories", "Accessories", FormFieldType.MultiChoice, null, false, ["Docking station", "Second screen", "Headset", "Mouse"]),
                new FormField("policy", "I accept the device policy", FormFieldType.Checkbox, null, true),
            ]),
            new ApprovalDefinition(ApprovalMode.All, [priya, mona]),
            new FulfilmentDefinition(TaskOrdering.Sequential, [
                new TaskTemplate("Order the laptop", "Order from the framework supplier; note the order number.", desk.Id),
                new TaskTemplate("Image and enrol", "Standard image, disk encryption, device management.", desk.Id),
                new TaskTemplate("Hand it over", "Hand over in person; the requester signs the receipt.", desk.Id, agent),
            ]), now.AddDays(-30));
        var licence = RequestItem.Create("Software licence", "A licence for software that is not in the standard image.", "Software", services["Service desk"].Id,
            true, ItemAudience.Everyone, "Assign from the licence pool; order more when fewer than five are left.", 2 * 24 * 60, 4,
            new FormDefinition([
                Choice("product", "Product", true, "Visio", "Project", "Adobe Acrobat Pro", "Power BI Pro"),
                new FormField("seats", "Number of seats", FormFieldType.Number, null, true, null, 1, 25),
                new FormField("costCentre", "Cost centre", FormFieldType.Text, "Six digits, e.g. 410200.", true),
            ]),
            new ApprovalDefinition(ApprovalMode.Any, [priya, sam]),
            new FulfilmentDefinition(TaskOrdering.Parallel, [new TaskTemplate("Assign the licence", null, desk.Id)]), now.AddDays(-30));
        var mailbox = RequestItem.Create("Access to a shared mailbox", "Read or send-as access to a team mailbox.", "Access", services["E-mail and calendaring"].Id,
            true, ItemAudience.Everyone, "The mailbox owner approves; grant through the mail admin centre.", 24 * 60, 3,
            new FormDefinition([
                new FormField("mailbox", "Mailbox address", FormFieldType.Email, null, true),
                Choice("level", "Access", true, "Read", "Read and send as"),
                new FormField("person", "Access for", FormFieldType.User, "Leave empty for yourself."),
            ]),
            new ApprovalDefinition(ApprovalMode.Any, [sam]),
            new FulfilmentDefinition(TaskOrdering.Sequential, [new TaskTemplate("Grant access", null, desk.Id, agent)]), now.AddDays(-30));
        var password = RequestItem.Create("Password reset", "Reset a colleague's password after checking who they are.", "Access", services["Service desk"].Id,
            true, ItemAudience.StaffOnly, "Call the person back on the number in the directory before resetting.", 60, 2,
            new FormDefinition([
                new FormField("account", "Account", FormFieldType.User, null, true),
                new FormField("verified", "I called back and verified the person", FormFieldType.Checkbox, null, true),
            ]),
            ApprovalDefinition.None,
            new FulfilmentDefinition(TaskOrdering.Sequential, [new TaskTemplate("Reset the password", "Temporary password by SMS only.", desk.Id, agent)]), now.AddDays(-30));
        var headset = RequestItem.Create("Headset", "A wired or wireless headset for calls.", "Hardware", services["Laptop provisioning"].Id,
            true, ItemAudience.Everyone, "", 3 * 24 * 60, 4,
            new FormDefinition([Choice("kind", "Kind", true, "Wired", "Wireless")]),
            ApprovalDefinition.None, new FulfilmentDefinition(TaskOrdering.Sequential, [new TaskTemplate("Send the headset", null, desk.Id)]), now.AddDays(-30));
        db.AddRange(laptop, licence, mailbox, password, headset);
        await db.SaveChangesAsync(ct);

        long number = 0;
        async Task<ServiceRequest> Raise(RequestItem item, Guid by, Guid @for, DateTime at, object answers, IReadOnlyCollection<Guid> approvers)
        {
            var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(answers))!;
            var request = ServiceRequest.Raise(++number, item.Id, item.Snapshot(), item.ServiceId, finance.Id, by, @for, item.DefaultPriority, json, approvers, at);
            db.Add(request);
            db.AddRange(request.NewEvents);
            await db.SaveChangesAsync(ct);
            await clocks.StartAsync(RequestViews.Subject(request), at, null, ct);
            await RequestViews.SyncClocksAsync(clocks, request, RequestStatus.Submitted, at, ct);
            return request;
        }

        async Task Step(ServiceRequest request, DateTime at, Action change)
        {
            var from = request.Status;
            var events = request.NewEvents.Count;
            change();
            db.AddRange(request.NewEvents.Skip(events));
            await db.SaveChangesAsync(ct);
            await RequestViews.SyncClocksAsync(clocks, request, from, at, ct);
        }

        async Task Finish(ServiceRequest request, DateTime at)
        {
            foreach (var task in request.Tasks.OrderBy(t => t.Sequence).ToList())
            {
                at = at.AddHours(3);
                await Step(request, at, () => request.ChangeTask(task.Id, RequestTaskStatus.Done, task.AssignmentGroupId, task.AssigneeId ?? agent, agent, at));
            }
        }

        var day = now.Date;
        var laptopAnswers = (string model, int memory, int days) => new Dictionary<string, object>
        {
            ["model"] = model, ["memory"] = memory, ["neededBy"] = day.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["justification"] = "New starter in the controlling team.", ["accessories"] = new[] { "Docking station", "Second screen" }, ["policy"] = true,
        };

        // 1: a laptop waiting for its second approver.
        var r1 = await Raise(laptop, rita, rita, now.AddHours(-20), laptopAnswers("Developer 16-inch", 32, 10), [priya, mona]);
        await Step(r1, now.AddHours(-18), () => r1.Decide(priya, true, "Budgeted in Q4.", now.AddHours(-18)));
        // 2: a laptop waiting for both approvers.
        await Raise(laptop, agent, rita, now.AddHours(-3), laptopAnswers("Standard 14-inch", 16, 14), [priya, mona]);
        // 3: a laptop approved, first task done, second open.
        var r3 = await Raise(laptop, rita, rita, now.AddDays(-4), laptopAnswers("Standard 14-inch", 16, 6), [priya, mona]);
        await Step(r3, now.AddDays(-4).AddHours(2), () => r3.Decide(priya, true, null, now.AddDays(-4).AddHours(2)));
        await Step(r3, now.AddDays(-4).AddHours(5), () => r3.Decide(mona, true, null, now.AddDays(-4).AddHours(5)));
        await Step(r3, now.AddDays(-3), () => r3.ChangeTask(r3.Tasks[0].Id, RequestTaskStatus.Done, desk.Id, agent, agent, now.AddDays(-3)));
        // 4: a laptop rejected by Finance.
        var r4 = await Raise(laptop, rita, rita, now.AddDays(-9), laptopAnswers("Developer 16-inch", 64, 3), [priya, mona]);
        await Step(r4, now.AddDays(-9).AddHours(4), () => r4.Decide(mona, false, "The controlling team uses the standard model; please order that instead.", now.AddDays(-9).AddHours(4)));
        // 5: a laptop fulfilled and closed.
        var r5 = await Raise(laptop, rita, rita, now.AddDays(-13), laptopAnswers("Standard 14-inch", 16, 4), [priya, mona]);
        await Step(r5, now.AddDays(-13).AddHours(1), () => r5.Decide(priya, true, null, now.AddDays(-13).AddHours(1)));
        await Step(r5, now.AddDays(-13).AddHours(2), () => r5.Decide(mona, true, null, now.AddDays(-13).AddHours(2)));
        await Finish(r5, now.AddDays(-12));
        await Step(r5, now.AddDays(-10), () => r5.MoveTo(RequestStatus.Closed, null, rita, now.AddDays(-10)));
        // 6-8: licences: one awaiting approval, one in fulfilment, one fulfilled.
        var licenceAnswers = (string product, int seats) => new { product, seats, costCentre = "410200" };
        await Raise(licence, rita, rita, now.AddHours(-5), licenceAnswers("Visio", 1), [priya, sam]);
        var r7 = await Raise(licence, rita, rita, now.AddDays(-2), licenceAnswers("Power BI Pro", 3), [priya, sam]);
        await Step(r7, now.AddDays(-2).AddHours(1), () => r7.Decide(sam, true, "Three seats from the pool.", now.AddDays(-2).AddHours(1)));
        await Step(r7, now.AddDays(-1), () => r7.ChangeTask(r7.Tasks[0].Id, RequestTaskStatus.InProgress, desk.Id, agent, agent, now.AddDays(-1)));
        var r8 = await Raise(licence, rita, rita, now.AddDays(-6), licenceAnswers("Project", 1), [priya, sam]);
        await Step(r8, now.AddDays(-6).AddHours(3), () => r8.Decide(priya, true, null, now.AddDays(-6).AddHours(3)));
        await Finish(r8, now.AddDays(-6).AddHours(4));
        // 9-10: shared mailbox: one cancelled by the requester, one fulfilled.
        var r9 = await Raise(mailbox, rita, rita, now.AddDays(-8), new { mailbox = "controlling@northwind.example", level = "Read" }, [sam]);
        await Step(r9, now.AddDays(-8).AddHours(1), () => r9.MoveTo(RequestStatus.Cancelled, "Asked the wrong team; not needed.", rita, now.AddDays(-8).AddHours(1)));
        var r10 = await Raise(mailbox, rita, rita, now.AddDays(-5), new { mailbox = "finance@northwind.example", level = "Read and send as" }, [sam]);
        await Step(r10, now.AddDays(-5).AddHours(2), () => r10.Decide(sam, true, null, now.AddDays(-5).AddHours(2)));
        await Finish(r10, now.AddDays(-5).AddHours(2));
        // 11: a password reset raised by the desk for Rita, in fulfilment.
        await Raise(password, agent, rita, now.AddMinutes(-40), new { account = rita.ToString(), verified = true }, []);
        // 12: a headset, fulfilled.
        var r12 = await Raise(headset, rita, rita, now.AddDays(-3), new { kind = "Wireless" }, []);
        await Finish(r12, now.AddDays(-3));
    }
}
