using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.ServiceDesk.Domain;
using Quadrant.Modules.ServiceDesk.Features.Shared;

namespace Quadrant.Modules.ServiceDesk.Features.Imports;

/// <summary>
/// Maps import rows to incidents. A row's fields are the incident as it was recorded (at <c>createdAt</c>);
/// its history replays what happened next, step by step, through the incident's own methods (so the
/// lifecycle, the pending reason and the resolution code are checked exactly as for live incidents), with
/// the SLA clocks following each step exactly as the edit and transition features make them follow.
/// </summary>
internal sealed class IncidentImporter(QuadrantDbContext db, IServiceCatalogue catalogue, IUserDirectory users, ISlaClocks clocks, ISearchIndex search, TimeProvider time) : IRecordImporter
{
    public const string KindName = "incidents";

    private Lookups? lookups;

    private QuadrantDbContext Db => db;

    private IUserDirectory Users => users;

    private ISlaClocks Clocks => clocks;

    private ISearchIndex Search => search;

    public string Kind => KindName;

    public IReadOnlyList<string> RequiredColumns { get; } = ["externalid", "title", "service", "createdat"];

    public async Task<IImportBatch> PrepareAsync(IReadOnlyList<ImportRow> rows, ImportContext context, CancellationToken ct)
    {
        // Catalogue, groups and the matrix are read once per run; people and earlier imports per batch.
        lookups ??= await Lookups.LoadAsync(db, catalogue, time, ct);
        var emails = rows.SelectMany(Emails).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var people = await users.FindByEmailsAsync(emails, ct);
        var ids = rows.Select(r => r.ExternalId).OfType<string>().Distinct().ToList();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            done.UnionWith(await db.Set<ImportedRecord>().AsNoTracking()
                .Where(r => r.Kind == KindName && r.Source == context.Source && chunk.Contains(r.ExternalId)).Select(r => r.ExternalId).ToListAsync(ct));
        }

        return new Batch(this, lookups, people, done, context);
    }

    private static IEnumerable<string> Emails(ImportRow row) =>
        new[] { row.Value("requester"), row.Value("assignee") }
            .Concat(row.History.SelectMany(h => new[] { Field(h, "assignee"), Field(h, "by") }))
            .Concat(row.Comments.Select(c => Field(c, "by")))
            .OfType<string>().Select(e => e.Trim());

    private static string? Field(ImportEntry entry, string name) =>
        entry.Fields.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static string? Group(ImportEntry entry) => Field(entry, "group") ?? Field(entry, "assignmentgroup");

    private sealed class Lookups
    {
        public Dictionary<string, ServiceReference> Services { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, CustomerReference> Customers { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, Guid> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

        public PriorityMatrix Matrix { get; private set; } = PriorityMatrix.Default;

        public static async Task<Lookups> LoadAsync(QuadrantDbContext db, IServiceCatalogue catalogue, TimeProvider time, CancellationToken ct)
        {
            var result = new Lookups();
            var (services, customers) = await catalogue.DirectoryAsync(ct);
            foreach (var s in services)
            {
                result.Services.TryAdd(s.Id.ToString(), s);
                result.Services.TryAdd(s.Name, s);
            }

            foreach (var c in customers)
            {
                result.Customers.TryAdd(c.Id.ToString(), c);
                result.Customers.TryAdd(c.Name, c);
            }

            foreach (var g in await db.Set<AssignmentGroup>().AsNoTracking().Select(g => new { g.Id, g.Name }).ToListAsync(ct))
            {
                result.Groups.TryAdd(g.Id.ToString(), g.Id);
                result.Groups.TryAdd(g.Name, g.Id);
            }

            result.Matrix = (await IncidentViews.SettingsAsync(db, time, ct)).Matrix();
            return result;
        }
    }

    /// <summary>A history step as planned: what changes at <see cref="At"/>, and who did it.</summary>
    private sealed record Step(string Where, DateTime At, IncidentStatus? Status, PendingReason? Reason, string? ResolutionCode, string? ResolutionNotes,
        Impact? Impact, Urgency? Urgency, bool GroupSet, Guid? GroupId, bool AssigneeSet, Guid? AssigneeId, Guid? ById, string? ByNote);

    private sealed record Comment(DateTime At, Guid? AuthorId, string AuthorName, bool IsPublic, string Body);

    private sealed record Plan(ImportRow Row, string ExternalId, string Title, string Description, Guid ServiceId, Guid? CustomerId, Guid? RequesterId,
        string? NewRequester, string? NewRequesterName, string Category, Impact Impact, Urgency Urgency, Guid? GroupId, Guid? AssigneeId, DateTime CreatedAt,
        List<Step> Steps, List<Comment> Comments);

    private sealed class Batch(IncidentImporter owner, Lookups lookups, IReadOnlyDictionary<string, UserSummary> people, HashSet<string> done, ImportContext context)
        : IImportBatch
    {
        private readonly Dictionary<ImportRow, Plan> plans = [];

        public bool AlreadyImported(ImportRow row) => row.ExternalId is { } id && done.Contains(id);

        public async Task<IReadOnlyList<RowProblem>> ValidateAsync(ImportRow row, CancellationToken ct)
        {
            var problems = new List<RowProblem>();
            void Add(string field, string reason) => problems.Add(new RowProblem(row.Line, row.ExternalId, field, reason));
            var plan = Map(row, Add);
            if (plan is null || problems.Count > 0)
            {
                return problems;
            }

            // The lifecycle and the field rules, checked by replaying the history on the incident itself.
            try
            {
                await BuildAsync(plan, 0, null, null, ct);
            }
            catch (ImportStepException e)
            {
                Add(e.Where, e.Message);
                return problems;
            }

            plans[row] = plan;
            return problems;
        }

        public async Task<IReadOnlyList<ImportedRecord>> ApplyAsync(IReadOnlyList<ImportRow> rows, CancellationToken ct)
        {
            var db = owner.Db;

            // Requesters met for the first time (only when the run creates them), once each.
            var created = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
            foreach (var plan in rows.Select(r => plans[r]).Where(p => p.NewRequester is not null))
            {
                if (!created.ContainsKey(plan.NewRequester!))
                {
                    created[plan.NewRequester!] = (await owner.Users.CreateRequesterAsync(plan.NewRequester!, plan.NewRequesterName!, ct)).Id;
                }
            }

            var number = (await db.Set<Incident>().MaxAsync(i => (long?)i.Number, ct) ?? 0) + 1;
            var replay = await owner.Clocks.BeginReplayAsync(ct);
            var result = new List<ImportedRecord>(rows.Count);
            var incidents = new List<Incident>(rows.Count);
            foreach (var row in rows)
            {
                var plan = plans[row];
                if (plan.NewRequester is { } email)
                {
                    plan = plan with { RequesterId = created[email] };
                }

                try
                {
                    var incident = await BuildAsync(plan, number++, db, replay, ct);
                    incidents.Add(incident);
                    result.Add(ImportedRecord.Create(context.Kind, context.Source, plan.ExternalId, incident.Id, incident.Reference, context.ImportId, row.Line, context.Now));
                }
                catch (ImportStepException e)
                {
                    throw new ImportRowException(new RowProblem(row.Line, row.ExternalId, e.Where, e.Message));
                }
            }

            await replay.FlushAsync(ct);
            db.AddRange(result);

            // Imported incidents are searchable at once, like recorded ones (one index row each, same transaction).
            var comments = db.ChangeTracker.Entries<IncidentComment>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToLookup(c => c.IncidentId);
            foreach (var incident in incidents)
            {
                await owner.Search.UpsertAsync(IncidentSearch.Entry(incident, comments[incident.Id]), ct);
            }

            await db.SaveChangesAsync(ct);

            // Open ones join the SLA-ordered queues with their due instant.
            foreach (var incident in incidents.Where(i => i.Status is not (IncidentStatus.Closed or IncidentStatus.Cancelled or IncidentStatus.Resolved)))
            {
                await IncidentDue.SyncAsync(db, owner.Clocks, incident.Id, context.Now, ct);
            }

            return result;
        }

        /// <summary>
        /// The incident, its history and its clocks, step by step. Without a database (validation) only the
        /// incident's own rules run; with one, the events, comments and clock calls are added to it.
        /// </summary>
        private async Task<Incident> BuildAsync(Plan plan, long number, QuadrantDbContext? db, ISlaClocks? replay, CancellationToken ct)
        {
            var matrix = lookups.Matrix;
            var incident = Incident.Create(number, plan.Title, plan.Description, plan.ServiceId, plan.CustomerId, plan.RequesterId, plan.Category,
                plan.Impact, plan.Urgency, matrix, null, null, IncidentSource.Import, plan.CreatedAt);
            if (db is not null)
            {
                db.Add(incident);
                IncidentHistory.Created(db, incident, context.ActorId, plan.CreatedAt, IncidentEventKind.Imported,
                    $"Imported from {context.Source} {plan.ExternalId}");
            }

            // The group and assignee it was recorded with; the status stays new until the history moves it.
            if (plan.GroupId is not null || plan.AssigneeId is not null)
            {
                var before = IncidentState.Of(incident);
                incident.Edit(incident.Title, incident.Description, incident.ServiceId, incident.CustomerId, incident.Category, incident.Impact, incident.Urgency,
                    matrix, plan.GroupId, plan.AssigneeId, plan.CreatedAt);
                if (db is not null)
                {
                    IncidentHistory.Changed(db, incident, before, plan.RequesterId, plan.CreatedAt, null);
                }
            }

            if (replay is not null)
            {
                await replay.StartAsync(new ClockSubject(IncidentViews.RecordType, incident.Id, incident.Reference, incident.ServiceId, incident.CustomerId,
                    incident.Priority, incident.AssigneeId), plan.CreatedAt, null, ct);
            }

            foreach (var step in plan.Steps)
            {
                try
                {
                    await ApplyStepAsync(incident, step, matrix, db, replay, ct);
                }
                catch (DomainRuleException e)
                {
                    throw new ImportStepException(step.Where + (e.Field is { } f && f != "to" ? $".{f}" : ".status"), e.Message);
                }
            }

            if (db is not null)
            {
                foreach (var c in plan.Comments)
                {
                    db.Add(IncidentComment.Create(incident.Id, c.AuthorId ?? context.ActorId, c.AuthorName, c.IsPublic, c.Body, c.At));
                }
            }

            return incident;
        }

        private static async Task ApplyStepAsync(Incident incident, Step step, PriorityMatrix matrix, QuadrantDbContext? db, ISlaClocks? replay, CancellationToken ct)
        {
            // Field changes first (as an edit would), then the move (as a transition would).
            if (step.Impact is not null || step.Urgency is not null || step.GroupSet || step.AssigneeSet)
            {
                var before = IncidentState.Of(incident);
                var retarget = incident.Edit(incident.Title, incident.Description, incident.ServiceId, incident.CustomerId, incident.Category,
                    step.Impact ?? incident.Impact, step.Urgency ?? incident.Urgency, matrix,
                    step.GroupSet ? step.GroupId : incident.AssignmentGroupId, step.AssigneeSet ? step.AssigneeId : incident.AssigneeId, step.At);
                if (db is not null)
                {
                    IncidentHistory.Changed(db, incident, before, step.ById, step.At, step.ByNote);
                }

                if (retarget && replay is not null)
                {
                    await IncidentViews.RetargetClocksAsync(replay, incident, step.At, ct);
                }
            }

            if (step.Status is { } to && to != incident.Status)
            {
                var from = incident.Status;
                var before = IncidentState.Of(incident);
                incident.MoveTo(to, step.Reason, step.ResolutionCode, step.ResolutionNotes, TimeSpan.MaxValue, step.At);
                if (db is not null)
                {
                    var note = to switch
                    {
                        IncidentStatus.Pending => $"Reason: {step.Reason}",
                        IncidentStatus.Resolved => $"Resolution: {step.ResolutionCode}",
                        _ => null,
                    };
                    IncidentHistory.Changed(db, incident, before, step.ById, step.At, step.ByNote is null ? note : note is null ? step.ByNote : $"{note}; {step.ByNote}");
                }

                if (replay is not null)
                {
                    await IncidentViews.SyncClocksAsync(replay, incident, from, step.At, ct);
                }
            }
        }

        /// <summary>Reads and resolves every field of the row; reports each problem (several per row).</summary>
        private Plan? Map(ImportRow row, Action<string, string> add)
        {
            foreach (var p in row.Problems)
            {
                add(p.Field, p.Reason);
            }

            var externalId = row.ExternalId;
            if (externalId is null)
            {
                add("externalId", "The external id (the record's number in the source system) is required.");
            }
            else if (externalId.Length > ImportedRecord.MaxExternalId)
            {
                add("externalId", $"At most {ImportedRecord.MaxExternalId} characters.");
            }

            var title = row.Value("title");
            if (title is null)
            {
                add("title", "The title is required.");
            }
            else if (title.Length > Incident.MaxTitle)
            {
                add("title", $"At most {Incident.MaxTitle} characters.");
            }

            var description = row.Value("description") ?? "";
            if (description.Length > Incident.MaxDescription)
            {
                add("description", $"At most {Incident.MaxDescription} characters.");
            }

            var category = row.Value("category") ?? "";
            if (category.Length > Incident.MaxCategory)
            {
                add("category", $"At most {Incident.MaxCategory} characters.");
            }

            Guid serviceId = default;
            if (row.Value("service") is not { } service)
            {
                add("service", "The service (its name or id) is required.");
            }
            else if (!lookups.Services.TryGetValue(service, out var s))
            {
                add("service", $"No service is named '{ImportValues.Short(service)}'.");
            }
            else
            {
                serviceId = s.Id;
            }

            Guid? customerId = null;
            if (row.Value("customer") is { } customer)
            {
                if (lookups.Customers.TryGetValue(customer, out var c))
                {
                    customerId = c.Id;
                }
                else
                {
                    add("customer", $"No customer is named '{ImportValues.Short(customer)}'.");
                }
            }

            Guid? requesterId = null;
            string? newRequester = null;
            if (row.Value("requester") is { } requester)
            {
                if (!ImportValues.IsEmail(requester))
                {
                    add("requester", $"'{ImportValues.Short(requester)}' is not an e-mail address.");
                }
                else if (people.TryGetValue(requester.ToUpperInvariant(), out var user))
                {
                    requesterId = user.Id;
                }
                else if (context.CreateRequesters)
                {
                    newRequester = requester;
                }
                else
                {
                    add("requester", $"No user has the e-mail '{requester}' (choose 'create requesters' to create them).");
                }
            }

            var impact = EnumOf<Impact>(row.Value("impact"), "impact", add) ?? Impact.Medium;
            var urgency = EnumOf<Urgency>(row.Value("urgency"), "urgency", add) ?? Urgency.Medium;
            if (row.Value("priority") is { } priorityText && Priority(priorityText, "priority", impact, urgency, add) is { } cell)
            {
                (impact, urgency) = cell;
            }

            var groupId = GroupOf(row.Value("group") ?? row.Value("assignmentgroup"), "group", add);
            var assigneeId = UserOf(row.Value("assignee"), "assignee", add);

            DateTime createdAt = default;
            if (!ImportValues.TryInstant(row.Value("createdat"), context.Zone, out createdAt, out var timeProblem))
            {
                add("createdAt", timeProblem);
            }
            else if (createdAt > context.Now)
            {
                add("createdAt", "The incident cannot be recorded in the future.");
            }

            var steps = new List<Step>();
            var last = createdAt;
            var (stepImpact, stepUrgency) = (impact, urgency);
            foreach (var entry in row.History)
            {
                void StepProblem(string field, string reason) => add(field.Length == 0 ? entry.Where : $"{entry.Where}.{field}", reason);
                if (!ImportValues.TryInstant(Field(entry, "at"), context.Zone, out var at, out var atProblem))
                {
                    StepProblem("at", atProblem);
                    continue;
                }

                if (at > context.Now)
                {
                    StepProblem("at", "A step cannot be in the future.");
                }
                else if (at < last)
                {
                    StepProblem("at", $"The history is out of order: {at:yyyy-MM-dd HH:mm:ss}Z is before the step or creation before it ({last:yyyy-MM-dd HH:mm:ss}Z).");
                }

                last = at > last ? at : last;
                var status = Field(entry, "status") is { } statusText ? Status(statusText, StepProblem) : null;
                var reason = Field(entry, "pendingreason") is { } reasonText ? Reason(reasonText, StepProblem) : null;
                if (status == IncidentStatus.Pending && reason is null && Field(entry, "pendingreason") is null)
                {
                    StepProblem("pendingReason", "A move to pending needs the reason: awaitingCustomer, awaitingSupplier or awaitingChange.");
                }

                var code = Field(entry, "resolutioncode");
                var notes = Field(entry, "resolutionnotes");
                if (status == IncidentStatus.Resolved && code is null)
                {
                    StepProblem("resolutionCode", "A move to resolved needs the resolution code.");
                }

                if (code is { Length: > Incident.MaxResolutionCode })
                {
                    StepProblem("resolutionCode", $"At most {Incident.MaxResolutionCode} characters.");
                }

                if (notes is { Length: > Incident.MaxResolutionNotes })
                {
                    StepProblem("resolutionNotes", $"At most {Incident.MaxResolutionNotes} characters.");
                }

                var newImpact = EnumOf<Impact>(Field(entry, "impact"), $"{entry.Where}.impact", add);
                var newUrgency = EnumOf<Urgency>(Field(entry, "urgency"), $"{entry.Where}.urgency", add);
                if (Field(entry, "priority") is { } p
                    && Priority(p, $"{entry.Where}.priority", newImpact ?? stepImpact, newUrgency ?? stepUrgency, add) is { } c)
                {
                    (newImpact, newUrgency) = c;
                }

                (stepImpact, stepUrgency) = (newImpact ?? stepImpact, newUrgency ?? stepUrgency);
                var groupText = Group(entry);
                var assigneeText = Field(entry, "assignee");
                var by = Field(entry, "by");
                Guid? byId = null;
                string? byNote = null;
                if (by is not null)
                {
                    if (people.TryGetValue(by.ToUpperInvariant(), out var who))
                    {
                        byId = who.Id;
                    }
                    else
                    {
                        byNote = $"By {ImportValues.Short(by)} (not a Quadrant user)";
                    }
                }

                steps.Add(new Step(entry.Where, at, status, reason, code, notes, newImpact, newUrgency,
                    groupText is not null, groupText is "-" ? null : GroupOf(groupText, $"{entry.Where}.group", add),
                    assigneeText is not null, assigneeText is "-" ? null : UserOf(assigneeText, $"{entry.Where}.assignee", add), byId, byNote));
            }

            var comments = new List<Comment>();
            foreach (var entry in row.Comments)
            {
                if (!ImportValues.TryInstant(Field(entry, "at"), context.Zone, out var at, out var atProblem))
                {
                    add($"{entry.Where}.at", atProblem);
                    continue;
                }

                if (at > context.Now || at < createdAt)
                {
                    add($"{entry.Where}.at", "A comment lies between the incident's creation and now.");
                }

                var body = Field(entry, "body");
                if (body is null || body.Length > IncidentComment.MaxBody)
                {
                    add($"{entry.Where}.body", $"A comment has a body of at most {IncidentComment.MaxBody} characters.");
                }

                if (!ImportValues.TryBool(Field(entry, "public"), false, out var isPublic))
                {
                    add($"{entry.Where}.public", "Write true or false.");
                }

                var by = Field(entry, "by");
                var author = by is not null && people.TryGetValue(by.ToUpperInvariant(), out var who) ? who : null;
                comments.Add(new Comment(at, author?.Id, author?.DisplayName ?? (by is null ? context.ActorName : ImportValues.Short(by)), isPublic, body ?? ""));
            }

            return externalId is null || title is null
                ? null
                : new Plan(row, externalId, title, description, serviceId, customerId, requesterId, newRequester,
                    newRequester is null ? null : row.Value("requestername") ?? newRequester.Split('@')[0], category, impact, urgency, groupId, assigneeId,
                    createdAt, steps, comments);
        }

        private Guid? GroupOf(string? name, string field, Action<string, string> add)
        {
            if (name is null)
            {
                return null;
            }

            if (lookups.Groups.TryGetValue(name, out var id))
            {
                return id;
            }

            add(field, $"No assignment group is named '{ImportValues.Short(name)}'.");
            return null;
        }

        private Guid? UserOf(string? email, string field, Action<string, string> add)
        {
            if (email is null)
            {
                return null;
            }

            if (people.TryGetValue(email.ToUpperInvariant(), out var user))
            {
                return user.Id;
            }

            add(field, $"No user has the e-mail '{ImportValues.Short(email)}'.");
            return null;
        }

        private (Impact, Urgency)? Priority(string text, string field, Impact impact, Urgency urgency, Action<string, string> add)
        {
            var digits = text.Trim().TrimStart('P', 'p');
            if (!int.TryParse(digits, out var priority) || priority is < 1 or > PriorityMatrix.MaxPriority)
            {
                add(field, $"A priority is 1 (highest) to {PriorityMatrix.MaxPriority} (or P1–P{PriorityMatrix.MaxPriority}).");
                return null;
            }

            var m = lookups.Matrix;
            if (m.PriorityOf(impact, urgency) == priority)
            {
                return (impact, urgency);
            }

            // The nearest cell of the matrix giving that priority: keep the impact, else the urgency, else any.
            var cells = System.Enum.GetValues<Impact>().SelectMany(i => System.Enum.GetValues<Urgency>().Select(u => (i, u))).ToList();
            var found = cells.Where(c => c.i == impact).Concat(cells.Where(c => c.u == urgency)).Concat(cells)
                .Where(c => m.PriorityOf(c.i, c.u) == priority).Select(c => ((Impact, Urgency)?)c).FirstOrDefault();
            if (found is null)
            {
                add(field, $"No impact × urgency gives priority {priority} in the priority matrix.");
            }

            return found;
        }

        private static T? EnumOf<T>(string? text, string field, Action<string, string> add)
            where T : struct, System.Enum
        {
            if (text is null)
            {
                return null;
            }

            var n = ImportFiles.Normalize(text);
            foreach (var value in System.Enum.GetValues<T>())
            {
                if (n == value.ToString().ToLowerInvariant() || n == Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    return value;
                }
            }

            add(field, $"'{ImportValues.Short(text)}' is not one of {string.Join(", ", System.Enum.GetNames<T>().Select(x => x.ToLowerInvariant()))}.");
            return null;
        }

        private static IncidentStatus? Status(string text, Action<string, string> add)
        {
            IncidentStatus? status = ImportFiles.Normalize(text) switch
            {
                "new" => IncidentStatus.New,
                "assigned" => IncidentStatus.Assigned,
                "inprogress" or "active" or "work in progress" => IncidentStatus.InProgress,
                "pending" or "onhold" => IncidentStatus.Pending,
                "resolved" => IncidentStatus.Resolved,
                "closed" => IncidentStatus.Closed,
                "cancelled" or "canceled" => IncidentStatus.Cancelled,
                _ => null,
            };
            if (status is null)
            {
                add("status", $"'{ImportValues.Short(text)}' is not a status: new, assigned, inProgress, pending, resolved, closed or cancelled.");
            }

            return status;
        }

        private static PendingReason? Reason(string text, Action<string, string> add)
        {
            PendingReason? reason = ImportFiles.Normalize(text) switch
            {
                "awaitingcustomer" or "customer" or "awaitingcaller" => PendingReason.AwaitingCustomer,
                "awaitingsupplier" or "supplier" or "awaitingvendor" or "vendor" => PendingReason.AwaitingSupplier,
                "awaitingchange" or "change" => PendingReason.AwaitingChange,
                _ => null,
            };
            if (reason is null)
            {
                add("pendingReason", $"'{ImportValues.Short(text)}' is not a pending reason: awaitingCustomer, awaitingSupplier or awaitingChange.");
            }

            return reason;
        }
    }
}

/// <summary>A history step broke a rule of the incident; <see cref="Where"/> names the step and field.</summary>
internal sealed class ImportStepException(string where, string message) : Exception(message)
{
    public string Where { get; } = where;
}

/// <summary>A row failed while its batch was being written; the batch rolls back.</summary>
internal sealed class ImportRowException(RowProblem problem) : Exception(problem.Reason)
{
    public RowProblem Problem { get; } = problem;
}
