using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.Shared;

public sealed record ReceivedService(Guid Id, string Name, ServiceLifecycle Lifecycle);

public sealed record CustomerView(
    Guid Id,
    string Name,
    CustomerKind Kind,
    string Description,
    Guid? RelationshipManagerId,
    string? RelationshipManagerName,
    IReadOnlyList<CustomerContact> Contacts,
    IReadOnlyList<ReceivedService> Services,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);

/// <summary>The writable fields of a customer (create and full update). <c>ServiceIds</c>: the services it receives.</summary>
public sealed record CustomerRequest(
    string? Name,
    CustomerKind? Kind,
    string? Description,
    Guid? RelationshipManagerId,
    IReadOnlyList<CustomerContact>? Contacts,
    IReadOnlyList<Guid>? ServiceIds);

internal static class CustomerViews
{
    public static async Task<CustomerView> LoadAsync(QuadrantDbContext db, IUserDirectory users, Customer c, CancellationToken ct)
    {
        var services = await (from cs in db.Set<CustomerService>().AsNoTracking()
                              join s in db.Set<Service>() on cs.ServiceId equals s.Id
                              where cs.CustomerId == c.Id
                              orderby s.Name
                              select new ReceivedService(s.Id, s.Name, s.Lifecycle)).ToListAsync(ct);
        var manager = c.RelationshipManagerId is { } m ? await users.FindAsync(m, ct) : null;
        return new CustomerView(c.Id, c.Name, c.Kind, c.Description, c.RelationshipManagerId, manager?.DisplayName, c.ContactList(), services,
            c.CreatedAt, c.UpdatedAt, c.Version);
    }

    /// <summary>Validates every field, including that the manager is an active user and the services exist and are not retired.</summary>
    public static async Task<(Check Check, Dictionary<Guid, Service> Services)> ValidateAsync(
        CustomerRequest request, Guid? customerId, QuadrantDbContext db, IUserDirectory users, CancellationToken ct)
    {
        var check = new Check()
            .Required("name", request.Name, Customer.MaxName)
            .Required("kind", request.Kind)
            .MaxLength("description", request.Description, Customer.MaxDescription);
        if (request.Kind is { } kind && !Enum.IsDefined(kind))
        {
            check.Add("kind", "'kind' must be internal or external.");
        }

        if (request.RelationshipManagerId is { } managerId)
        {
            var manager = await users.FindAsync(managerId, ct);
            check.That(manager is not null, "relationshipManagerId", "'relationshipManagerId' is not a known user.")
                .That(manager is null || manager.IsActive, "relationshipManagerId", "'relationshipManagerId' is a deactivated user.");
        }

        var contacts = request.Contacts ?? [];
        check.That(contacts.Count <= Customer.MaxContacts, "contacts", $"At most {Customer.MaxContacts} contacts.");
        for (var i = 0; i < contacts.Count && i < Customer.MaxContacts; i++)
        {
            var c = contacts[i];
            if (c is null)
            {
                check.Add($"contacts[{i}]", "A contact cannot be null.");
                continue;
            }

            check.Required($"contacts[{i}].name", c.Name, 200)
                .MaxLength($"contacts[{i}].email", c.Email, 256)
                .MaxLength($"contacts[{i}].phone", c.Phone, 50)
                .MaxLength($"contacts[{i}].role", c.Role, 100);
            if (!string.IsNullOrWhiteSpace(c.Email) && !MailAddress.TryCreate(c.Email.Trim(), out _))
            {
                check.Add($"contacts[{i}].email", $"'{c.Email}' is not an e-mail address.");
            }
        }

        var ids = request.ServiceIds ?? [];
        check.That(ids.Distinct().Count() == ids.Count, "serviceIds", "A service is listed twice.");
        var services = await db.Set<Service>().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var current = customerId is { } id
            ? await db.Set<CustomerService>().Where(cs => cs.CustomerId == id).Select(cs => cs.ServiceId).ToListAsync(ct)
            : [];
        for (var i = 0; i < ids.Count; i++)
        {
            if (!services.TryGetValue(ids[i], out var service))
            {
                check.Add($"serviceIds[{i}]", $"'{ids[i]}' is not a service.");
            }
            else if (service.Lifecycle == ServiceLifecycle.Retired && !current.Contains(service.Id))
            {
                check.Add($"serviceIds[{i}]", $"'{service.Name}' is retired; a customer cannot start receiving it.");
            }
        }

        return (check, services);
    }

    /// <summary>Makes the customer's received services exactly <paramref name="wanted"/>.</summary>
    public static async Task SetServicesAsync(QuadrantDbContext db, Guid customerId, IReadOnlyList<Guid> wanted, Dictionary<Guid, Service> services, DateTime now, CancellationToken ct)
    {
        var current = await db.Set<CustomerService>().Where(cs => cs.CustomerId == customerId).ToListAsync(ct);
        db.RemoveRange(current.Where(cs => !wanted.Contains(cs.ServiceId)));
        foreach (var id in wanted.Where(w => current.All(cs => cs.ServiceId != w)))
        {
            db.Add(CustomerService.Create(customerId, services[id], now));
        }
    }

    public static IReadOnlyList<CustomerContact> Clean(IReadOnlyList<CustomerContact>? contacts) =>
        (contacts ?? []).Select(c => new CustomerContact(c.Name.Trim(), Blank(c.Email), Blank(c.Phone), Blank(c.Role))).ToList();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
