namespace Quadrant.Modules.Common.Identity;

/// <summary>The roles of Quadrant (see docs/security.md for what each may do).</summary>
public static class Roles
{
    public const string Requester = "Requester";
    public const string Agent = "Agent";
    public const string ProcessOwner = "ProcessOwner";
    public const string ServiceOwner = "ServiceOwner";
    public const string SmsManager = "SmsManager";
    public const string Auditor = "Auditor";
    public const string Executive = "Executive";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } =
        [Requester, Agent, ProcessOwner, ServiceOwner, SmsManager, Auditor, Executive, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

/// <summary>Authorization policy names shared by endpoints and pages.</summary>
public static class Policies
{
    /// <summary>Any signed-in user through an API token.</summary>
    public const string Api = "api";

    public const string CatalogueWrite = "catalogue.write";
    public const string AuditRead = "audit.read";
    public const string ClockWrite = "sla.clocks.write";
    public const string SlaAdmin = "sla.admin";
    public const string SlaRead = "sla.read";
    public const string IncidentWork = "incidents.work";
    public const string KnowledgeWrite = "knowledge.write";
    public const string KnowledgePublish = "knowledge.publish";
    public const string KnowledgeRead = "knowledge.read";
    public const string SearchAdmin = "search.admin";
    public const string UserAdmin = "users.admin";
    /// <summary>The staff side of Quadrant: every role but Requester (requesters use the portal).</summary>
    public const string Staff = "staff";
    public const string SatisfactionRead = "satisfaction.read";

    /// <summary>Rate-limit policy for endpoints that check a password (per client address).</summary>
    public const string CredentialsRateLimit = "credentials";

    public static readonly string[] CatalogueWriters = [Roles.ServiceOwner, Roles.ProcessOwner, Roles.SmsManager, Roles.Admin];
    /// <summary>Who may approve an agreement revision (the change record names them).</summary>
    public static readonly string[] AgreementApprovers = [Roles.ServiceOwner, Roles.SmsManager, Roles.Admin];

    /// <summary>Who may start, pause, resume, retarget and stop SLA clocks through the API (integrations, agents).</summary>
    public static readonly string[] ClockWriters = [Roles.Agent, Roles.ServiceOwner, Roles.ProcessOwner, Roles.SmsManager, Roles.Admin];

    /// <summary>Who sees SLA clocks and attainment across all records: every role but Requester (requesters see their own records' clocks through them).</summary>
    public static readonly string[] SlaReaders = [Roles.Agent, Roles.ProcessOwner, Roles.ServiceOwner, Roles.SmsManager, Roles.Auditor, Roles.Executive, Roles.Admin];

    /// <summary>Who works incidents: sees all, edits, assigns, moves them through the lifecycle.</summary>
    public static readonly string[] IncidentWorkers = [Roles.Agent, Roles.ProcessOwner, Roles.ServiceOwner, Roles.SmsManager, Roles.Admin];

    /// <summary>
    /// Who writes knowledge articles (7.6): drafts, edits (each a new version), submits them for review and sends
    /// them back. The people who solve incidents write down how they did it.
    /// </summary>
    public static readonly string[] KnowledgeWriters = [Roles.Agent, Roles.ProcessOwner, Roles.ServiceOwner, Roles.SmsManager, Roles.Admin];

    /// <summary>
    /// Who publishes and retires knowledge articles: the owners of the process and the services, the SMS manager and
    /// administrators. Agents write but do not publish, so every published version passed a second pair of eyes
    /// (unless its writer also holds one of these roles).
    /// </summary>
    public static readonly string[] KnowledgePublishers = [Roles.ProcessOwner, Roles.ServiceOwner, Roles.SmsManager, Roles.Admin];

    /// <summary>Who reads every article in every state and its version history: every role but Requester (auditors read it as evidence).</summary>
    public static readonly string[] KnowledgeReaders = [Roles.Agent, Roles.ProcessOwner, Roles.ServiceOwner, Roles.SmsManager, Roles.Auditor, Roles.Executive, Roles.Admin];

    /// <summary>Who changes the service desk settings (priority matrix, reopen window).</summary>
    public static readonly string[] ServiceDeskAdmins = [Roles.ProcessOwner, Roles.SmsManager, Roles.Admin];

    /// <summary>Who sees the SLA recomputation runs.</summary>
    public static readonly string[] SlaAdmins = [Roles.SmsManager, Roles.Admin];

    /// <summary>Every role but Requester: who sees the staff pages (customers, calendars, agreements) and the staff navigation.</summary>
    public static readonly string[] StaffRoles = [Roles.Agent, Roles.ProcessOwner, Roles.ServiceOwner, Roles.SmsManager, Roles.Auditor, Roles.Executive, Roles.Admin];

    /// <summary>Who reads satisfaction survey results (every staff role).</summary>
    public static readonly string[] SatisfactionReaders = StaffRoles;

    /// <summary>Who links requesters to their organization and grants them its incidents.</summary>
    public static readonly string[] RequesterAdmins = [Roles.SmsManager, Roles.Admin];

    public static readonly string[] AuditReaders = [Roles.Auditor, Roles.SmsManager, Roles.Admin];
}
