using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Catalogue.Domain.Offerings;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.Shared;

public sealed record OfferingCustomer(Guid Id, string Name);

/// <summary>An offering as the API and the UI show it.</summary>
public sealed record OfferingView(
    Guid Id,
    Guid ServiceId,
    string ServiceName,
    string Name,
    string Description,
    OfferingAudience Audience,
    IReadOnlyList<OfferingCustomer> Customers,
    bool IsOffered,
    string Charge,
    string FulfilmentTarget,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);

/// <summary>
/// The writable fields of an offering (create and full update). <c>CustomerIds</c>: who may see it when
/// <c>Audience</c> is <c>customers</c>. <c>IsOffered</c> defaults to true when omitted on create.
/// </summary>
public sealed record OfferingRequest(
    string? Name,
    string? Description,
    OfferingAudience? Audience,
    IReadOnlyList<Guid>? CustomerIds,
    bool? IsOffered,
    string? Charge,
    string? FulfilmentTarget);

internal static class OfferingViews
{
    public static async Task<OfferingView> LoadAsync(QuadrantDbContext db, ServiceOffering o, CancellationToken ct)
    {
        var serviceName = await db.Set<Service>().Where(s => s.Id == o.ServiceId).Select(s => s.Name).FirstAsync(ct);
        var customers = await (from oc in db.Set<ServiceOfferingCustomer>().AsNoTracking()
                               join c in db.Set<Customer>() on oc.CustomerId equals c.Id
                               where oc.OfferingId == o.Id
                               orderby c.Name
                               select new OfferingCustomer(c.Id, c.Name)).ToListAsync(ct);
        return View(o, serviceName, customers);
    }

    public static OfferingView View(ServiceOffering o, string serviceName, IReadOnlyList<OfferingCustomer> customers) =>
        new(o.Id, o.ServiceId, serviceName, o.Name, o.Description, o.Audience, customers, o.IsOffered, o.Charge, o.FulfilmentTarget,
            o.CreatedAt, o.UpdatedAt, o.Version);

    /// <summary>Validates every field, including that the customers exist; returns the customers by id.</summary>
    public static async Task<(Check Check, Dictionary<Guid, Customer> Customers)> ValidateAsync(OfferingRequest request, QuadrantDbContext db, CancellationToken ct)
    {
        var check = new Check()
            .Required("name", request.Name, ServiceOffering.MaxName)
            .MaxLength("description", request.Description, ServiceOffering.MaxDescription)
            .Required("audience", request.Audience)
            .MaxLength("charge", request.Charge, ServiceOffering.MaxCharge)
            .MaxLength("fulfilmentTarget", request.FulfilmentTarget, ServiceOffering.MaxFulfilmentTarget);
        if (request.Audience is { } audience && !Enum.IsDefined(audience))
        {
            check.Add("audience", "'audience' must be everyone or customers.");
        }

        var ids = request.CustomerIds ?? [];
        check.That(ids.Count <= ServiceOffering.MaxCustomers, "customerIds", $"At most {ServiceOffering.MaxCustomers} customers.")
            .That(ids.Distinct().Count() == ids.Count, "customerIds", "A customer is listed twice.");
        if (request.Audience is { } a && Enum.IsDefined(a) && ServiceOffering.AudienceProblem(a, ids.Count) is { } message)
        {
            check.Add("customerIds", message);
        }

        var customers = ids.Count == 0
            ? []
            : await db.Set<Customer>().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        for (var i = 0; i < ids.Count && i < ServiceOffering.MaxCustomers; i++)
        {
            check.That(customers.ContainsKey(ids[i]), $"customerIds[{i}]", $"'{ids[i]}' is not a customer.");
        }

        return (check, customers);
    }

    /// <summary>409 when another offering of the same service has this name (ignoring case).</summary>
    public static async Task<Problem?> NameTakenAsync(QuadrantDbContext db, Guid serviceId, string name, Guid? except, CancellationToken ct)
    {
        var upper = name.ToUpperInvariant();
        var taken = await db.Set<ServiceOffering>()
            .AnyAsync(o => o.ServiceId == serviceId && o.Name.ToUpper() == upper && (except == null || o.Id != except), ct);
        return taken ? NameConflict(name) : null;
    }

    public static Problem NameConflict(string name) =>
        Problem.Conflict($"This service already has an offering named '{name}'.", "name", "offering.unique-name");

    /// <summary>Makes the offering's customers exactly <paramref name="wanted"/>.</summary>
    public static async Task SetCustomersAsync(QuadrantDbContext db, Guid offeringId, IReadOnlyList<Guid> wanted, Dictionary<Guid, Customer> customers, CancellationToken ct)
    {
        var current = await db.Set<ServiceOfferingCustomer>().Where(oc => oc.OfferingId == offeringId).ToListAsync(ct);
        db.RemoveRange(current.Where(oc => !wanted.Contains(oc.CustomerId)));
        foreach (var id in wanted.Where(w => current.All(oc => oc.CustomerId != w)))
        {
            db.Add(ServiceOfferingCustomer.Create(offeringId, customers[id]));
        }
    }

    public static string Text(string? value) => value?.Trim() ?? "";
}
