using System.Text.Json;
using Quadrant.Modules.Common.Auditing;

namespace Quadrant.Modules.Catalogue.Domain.Customers;

/// <summary>Internal customers are departments of the same organization; external ones are other organizations.</summary>
public enum CustomerKind
{
    Internal = 1,
    External = 2,
}

/// <summary>A person to talk to at a customer.</summary>
public sealed record CustomerContact(string Name, string? Email, string? Phone, string? Role);

/// <summary>A customer of the services (8.3.2): who receives which service, and who manages the relationship.</summary>
internal sealed class Customer
{
    public const int MaxName = 200;
    public const int MaxDescription = 2000;
    public const int MaxContacts = 50;
    // Stored text, shown in the audit trail: keep "+49", quotes and accented letters readable rather than \u-escaped.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private Customer()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public CustomerKind Kind { get; private set; }

    public string Description { get; private set; } = "";

    /// <summary>The person in the service provider who owns the relationship (8.3.2).</summary>
    public Guid? RelationshipManagerId { get; private set; }

    /// <summary>Contacts as JSON (name, email, phone, role), replaced as a whole on edit.</summary>
    public string Contacts { get; private set; } = "[]";

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public static Customer Create(string name, CustomerKind kind, string description, Guid? manager, IReadOnlyList<CustomerContact> contacts, DateTime now)
    {
        var customer = new Customer { Id = Guid.CreateVersion7(now), CreatedAt = now };
        customer.Update(name, kind, description, manager, contacts, now);
        return customer;
    }

    public void Update(string name, CustomerKind kind, string description, Guid? manager, IReadOnlyList<CustomerContact> contacts, DateTime now)
    {
        Name = name;
        Kind = kind;
        Description = description;
        RelationshipManagerId = manager;
        Contacts = JsonSerializer.Serialize(contacts, Json);
        UpdatedAt = now;
    }

    public IReadOnlyList<CustomerContact> ContactList() => JsonSerializer.Deserialize<List<CustomerContact>>(Contacts, Json) ?? [];
}

/// <summary>"Customer receives service": recorded in the customer's history by the service's name.</summary>
internal sealed class CustomerService : IAuditedAsPartOf
{
    private CustomerService()
    {
    }

    public Guid CustomerId { get; private set; }

    public Guid ServiceId { get; private set; }

    public string ServiceName { get; private set; } = "";

    public DateTime Since { get; private set; }

    string IAuditedAsPartOf.OwnerRecordType => nameof(Customer);

    Guid IAuditedAsPartOf.OwnerRecordId => CustomerId;

    string IAuditedAsPartOf.Field => "services";

    string IAuditedAsPartOf.Value => ServiceName;

    public static CustomerService Create(Guid customerId, Service service, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new CustomerService { CustomerId = customerId, ServiceId = service.Id, ServiceName = service.Name, Since = now };
    }
}
