using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Common.Auditing;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Domain.Offerings;

/// <summary>Who may see an offering in the self-service catalogue.</summary>
public enum OfferingAudience
{
    /// <summary>Every signed-in user.</summary>
    Everyone = 1,

    /// <summary>Only the contacts of the customers named on the offering (and the service provider's staff).</summary>
    Customers = 2,
}

/// <summary>
/// Something a requester can see and order for a service, in the self-service catalogue: "New mailbox",
/// "Extra storage (100 GB)". A service has any number of offerings, each with a name unique within the service.
/// </summary>
internal sealed class ServiceOffering
{
    public const int MaxName = 200;
    public const int MaxDescription = 2000;
    public const int MaxCharge = 200;
    public const int MaxFulfilmentTarget = 200;
    public const int MaxCustomers = 200;

    private ServiceOffering()
    {
    }

    public Guid Id { get; private set; }

    public Guid ServiceId { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public OfferingAudience Audience { get; private set; }

    /// <summary>False while the offering is withdrawn or not yet available: it is kept but not shown in the published catalogue.</summary>
    public bool IsOffered { get; private set; }

    /// <summary>What it costs the requester, as free text ("included", "EUR 12 per month").</summary>
    public string Charge { get; private set; } = "";

    /// <summary>How soon it is fulfilled, as free text ("2 working days"). Agreements later make this binding.</summary>
    public string FulfilmentTarget { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    /// <summary>Rule catalogue.retired-is-final: a retired service gets no new offerings.</summary>
    public static ServiceOffering Create(Service service, string name, string description, OfferingAudience audience, bool isOffered,
        string charge, string fulfilmentTarget, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(service);
        service.EnsureChangeable();
        var offering = new ServiceOffering { Id = Guid.CreateVersion7(now), ServiceId = service.Id, CreatedAt = now };
        offering.Set(name, description, audience, isOffered, charge, fulfilmentTarget, now);
        return offering;
    }

    /// <summary>Rule catalogue.retired-is-final: the offerings of a retired service can no longer be changed.</summary>
    public void Update(Service service, string name, string description, OfferingAudience audience, bool isOffered, string charge,
        string fulfilmentTarget, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(service);
        EnsureOf(service);
        service.EnsureChangeable();
        Set(name, description, audience, isOffered, charge, fulfilmentTarget, now);
    }

    /// <summary>Rule catalogue.retired-is-final: a retired service's offerings stay as they were, for history.</summary>
    public void EnsureRemovable(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        EnsureOf(service);
        service.EnsureChangeable();
    }

    /// <summary>
    /// Rule offering.audience: an offering for everyone names no customers; one for customers names at least one.
    /// Returns the message for <c>customerIds</c>, or null when the pair is consistent.
    /// </summary>
    public static string? AudienceProblem(OfferingAudience audience, int customers) => audience switch
    {
        OfferingAudience.Everyone when customers > 0 => "An offering for everyone names no customers; choose audience 'customers' to restrict it.",
        OfferingAudience.Customers when customers == 0 => "Name at least one customer who may see this offering.",
        _ => null,
    };

    private void Set(string name, string description, OfferingAudience audience, bool isOffered, string charge, string fulfilmentTarget, DateTime now)
    {
        Name = name;
        Description = description;
        Audience = audience;
        IsOffered = isOffered;
        Charge = charge;
        FulfilmentTarget = fulfilmentTarget;
        UpdatedAt = now;
    }

    private void EnsureOf(Service service)
    {
        if (service.Id != ServiceId)
        {
            throw new DomainRuleException("offering.of-service", "This offering belongs to another service.");
        }
    }
}

/// <summary>"Customer may see offering": recorded in the offering's history by the customer's name.</summary>
internal sealed class ServiceOfferingCustomer : IAuditedAsPartOf
{
    private ServiceOfferingCustomer()
    {
    }

    public Guid OfferingId { get; private set; }

    public Guid CustomerId { get; private set; }

    public string CustomerName { get; private set; } = "";

    string IAuditedAsPartOf.OwnerRecordType => nameof(ServiceOffering);

    Guid IAuditedAsPartOf.OwnerRecordId => OfferingId;

    string IAuditedAsPartOf.Field => "customers";

    string IAuditedAsPartOf.Value => CustomerName;

    public static ServiceOfferingCustomer Create(Guid offeringId, Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new ServiceOfferingCustomer { OfferingId = offeringId, CustomerId = customer.Id, CustomerName = customer.Name };
    }
}

/// <summary>Who sees which offering in the published catalogue.</summary>
internal static class OfferingVisibility
{
    /// <summary>
    /// The service provider's staff (anyone with a role other than Requester) see every offering, with its audience.
    /// A requester sees an offering for everyone, and an offering for customers when their e-mail address is the
    /// e-mail of a contact of one of those customers.
    /// </summary>
    public static bool CanSee(OfferingAudience audience, IEnumerable<string?> contactEmails, string? viewerEmail, bool viewerIsStaff)
    {
        ArgumentNullException.ThrowIfNull(contactEmails);
        if (viewerIsStaff || audience == OfferingAudience.Everyone)
        {
            return true;
        }

        return !string.IsNullOrWhiteSpace(viewerEmail) &&
               contactEmails.Any(e => string.Equals(e?.Trim(), viewerEmail.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
