using System.Text.Json;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Domain;

/// <summary>Where a service is in its life (ISO/IEC 20000-1 8.2.4).</summary>
public enum ServiceLifecycle
{
    /// <summary>Planned or being designed; not yet delivered to customers.</summary>
    Pipeline = 1,

    /// <summary>Delivered to customers.</summary>
    Live = 2,

    /// <summary>No longer delivered. Kept for history; cannot be edited.</summary>
    Retired = 3,
}

/// <summary>How much the business depends on a service. Ordered: Low &lt; Medium &lt; High &lt; Critical.</summary>
public enum ServiceCriticality
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

/// <summary>A service in the catalogue.</summary>
internal sealed class Service
{
    public const int MaxName = 200;
    public const int MaxDescription = 4000;
    public const int MaxOutcomes = 50;
    public const int MaxOutcomeLength = 500;
    // Stored text, shown in the audit trail: keep "+49", quotes and accented letters readable rather than \u-escaped.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private Service()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public Guid? OwnerId { get; private set; }

    public ServiceLifecycle Lifecycle { get; private set; }

    public ServiceCriticality Criticality { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime? LiveSince { get; private set; }

    public DateTime? RetiredAt { get; private set; }

    /// <summary>
    /// The intended outcomes as a JSON array of statements: what a customer gets out of the service
    /// (8.2.4 asks the catalogue to describe each service's intended outcomes). Replaced as a whole.
    /// </summary>
    public string Outcomes { get; private set; } = "[]";

    public int Version { get; private set; } = 1;

    /// <summary>Rule catalogue.new-in-pipeline-or-live: a new service starts in the pipeline or live, never retired.</summary>
    public static Service Create(string name, string description, Guid? ownerId, ServiceCriticality criticality, ServiceLifecycle lifecycle, DateTime now)
    {
        if (lifecycle == ServiceLifecycle.Retired)
        {
            throw new DomainRuleException("catalogue.new-in-pipeline-or-live", "A new service starts in the pipeline or live, not retired.", "lifecycle");
        }

        return new Service
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            Description = description,
            OwnerId = ownerId,
            Criticality = criticality,
            Lifecycle = lifecycle,
            CreatedAt = now,
            UpdatedAt = now,
            LiveSince = lifecycle == ServiceLifecycle.Live ? now : null,
        };
    }

    /// <summary>
    /// Rule catalogue.retired-is-final: a retired service cannot be edited.
    /// Rule catalogue.lifecycle-forward: the lifecycle only moves forward (pipeline → live); retiring has its own action.
    /// </summary>
    public void Update(string name, string description, Guid? ownerId, ServiceCriticality criticality, ServiceLifecycle lifecycle, DateTime now)
    {
        EnsureNotRetired();
        if (lifecycle == ServiceLifecycle.Retired)
        {
            throw new DomainRuleException("catalogue.retire-by-action", "Retire a service with the retire action, not by editing it.", "lifecycle");
        }

        if (lifecycle < Lifecycle)
        {
            throw new DomainRuleException("catalogue.lifecycle-forward", "A live service cannot go back to the pipeline.", "lifecycle");
        }

        if (lifecycle == ServiceLifecycle.Live && Lifecycle == ServiceLifecycle.Pipeline)
        {
            LiveSince = now;
        }

        Name = name;
        Description = description;
        OwnerId = ownerId;
        Criticality = criticality;
        Lifecycle = lifecycle;
        UpdatedAt = now;
    }

    /// <summary>Its dependencies changed: the service's version moves, so If-Match covers them too.</summary>
    public void DependenciesChanged(DateTime now)
    {
        EnsureNotRetired();
        UpdatedAt = now;
    }

    /// <summary>A new version of its requirements was written: the service's version moves, like for dependencies.</summary>
    public void RequirementsChanged(DateTime now)
    {
        EnsureNotRetired();
        UpdatedAt = now;
    }

    /// <summary>
    /// Rule catalogue.retired-is-final. Replaces the intended outcomes; the caller has trimmed and validated them
    /// (see <see cref="OutcomeRules"/>).
    /// </summary>
    public void SetOutcomes(IReadOnlyList<string> outcomes, DateTime now)
    {
        EnsureNotRetired();
        Outcomes = JsonSerializer.Serialize(outcomes, Json);
        UpdatedAt = now;
    }

    public IReadOnlyList<string> OutcomeList() => ReadOutcomes(Outcomes);

    public static IReadOnlyList<string> ReadOutcomes(string json) => JsonSerializer.Deserialize<List<string>>(json, Json) ?? [];

    /// <summary>Rule catalogue.retired-is-final, for records that belong to a service (its offerings).</summary>
    public void EnsureChangeable() => EnsureNotRetired();

    /// <summary>Rule catalogue.retired-is-final.</summary>
    public void Retire(DateTime now)
    {
        EnsureNotRetired();
        Lifecycle = ServiceLifecycle.Retired;
        RetiredAt = now;
        UpdatedAt = now;
    }

    private void EnsureNotRetired()
    {
        if (Lifecycle == ServiceLifecycle.Retired)
        {
            throw new DomainRuleException("catalogue.retired-is-final", "This service is retired and can no longer be changed.");
        }
    }
}
