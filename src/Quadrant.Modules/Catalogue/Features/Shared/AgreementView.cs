using Microsoft.EntityFrameworkCore;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Quadrant.Modules.Catalogue.Domain.Agreements;
using Quadrant.Modules.Catalogue.Domain.Calendars;
using Quadrant.Modules.Catalogue.Domain.Customers;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Common.Validation;

namespace Quadrant.Modules.Catalogue.Features.Shared;

public sealed record NamedRef(Guid Id, string Name);

public sealed record RevisionSummary(int Number, string ChangeNote, Guid? PreparedById, Guid ApprovedById, string ApprovedByName, DateTime ApprovedAt);

public sealed record AgreementView(
    Guid Id,
    string Name,
    AgreementKind Kind,
    AgreementStatus Status,
    string Party,
    Guid? OwnerId,
    string? OwnerName,
    Guid CalendarId,
    string CalendarName,
    DateOnly ValidFrom,
    DateOnly? ValidUntil,
    DateOnly? ReviewDate,
    IReadOnlyList<NamedRef> Services,
    IReadOnlyList<NamedRef> Customers,
    AgreementTerms Terms,
    string Document,
    int? RevisionInForce,
    bool HasUnapprovedChanges,
    IReadOnlyList<RevisionSummary> Revisions,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version);

/// <summary>An approved revision as it was agreed, with today's names of what it refers to.</summary>
public sealed record RevisionView(
    Guid AgreementId,
    int Number,
    AgreementSnapshot Content,
    string CalendarName,
    IReadOnlyList<NamedRef> Services,
    IReadOnlyList<NamedRef> Customers,
    string ChangeNote,
    Guid? PreparedById,
    Guid ApprovedById,
    string ApprovedByName,
    DateTime ApprovedAt);

/// <summary>The writable fields of an agreement's working copy (create and full update).</summary>
public sealed record AgreementRequest(
    string? Name,
    AgreementKind? Kind,
    string? Party,
    Guid? OwnerId,
    Guid? CalendarId,
    DateOnly? ValidFrom,
    DateOnly? ValidUntil,
    DateOnly? ReviewDate,
    IReadOnlyList<Guid>? ServiceIds,
    IReadOnlyList<Guid>? CustomerIds,
    AgreementTerms? Terms,
    string? Document);

internal sealed record ValidatedAgreement(AgreementSnapshot Content, Dictionary<Guid, Service> Services, Dictionary<Guid, Customer> Customers);

internal static class AgreementViews
{
    public static async Task<AgreementView> LoadAsync(QuadrantDbContext db, IUserDirectory users, Agreement a, CancellationToken ct)
    {
        var services = await db.Set<AgreementService>().AsNoTracking().Where(x => x.AgreementId == a.Id)
            .OrderBy(x => x.ServiceName).Select(x => new NamedRef(x.ServiceId, x.ServiceName)).ToListAsync(ct);
        var customers = await db.Set<AgreementCustomer>().AsNoTracking().Where(x => x.AgreementId == a.Id)
            .OrderBy(x => x.CustomerName).Select(x => new NamedRef(x.CustomerId, x.CustomerName)).ToListAsync(ct);
        var calendar = await db.Set<BusinessCalendar>().AsNoTracking().Where(c => c.Id == a.CalendarId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        var revisions = await db.Set<AgreementRevision>().AsNoTracking().Where(r => r.AgreementId == a.Id).OrderByDescending(r => r.Number)
            .Select(r => new RevisionSummary(r.Number, r.ChangeNote, r.PreparedById, r.ApprovedById, r.ApprovedByName, r.ApprovedAt)).ToListAsync(ct);
        var owner = a.OwnerId is { } o ? await users.FindAsync(o, ct) : null;
        return new AgreementView(a.Id, a.Name, a.Kind, a.Status, a.Party, a.OwnerId, owner?.DisplayName, a.CalendarId, calendar ?? "",
            a.ValidFrom, a.ValidUntil, a.ReviewDate, services, customers, a.TermsValue(), a.Document, a.RevisionInForce, a.HasUnapprovedChanges,
            revisions, a.CreatedAt, a.UpdatedAt, a.Version);
    }

    /// <summary>The working copy as a snapshot, as approval freezes it.</summary>
    public static async Task<AgreementSnapshot> WorkingCopyAsync(QuadrantDbContext db, Agreement a, CancellationToken ct)
    {
        var services = await db.Set<AgreementService>().Where(x => x.AgreementId == a.Id).OrderBy(x => x.ServiceName).Select(x => x.ServiceId).ToListAsync(ct);
        var customers = await db.Set<AgreementCustomer>().Where(x => x.AgreementId == a.Id).OrderBy(x => x.CustomerName).Select(x => x.CustomerId).ToListAsync(ct);
        return new AgreementSnapshot(a.Name, a.Kind, a.Party, a.CalendarId, a.ValidFrom, a.ValidUntil, a.ReviewDate, a.OwnerId, services, customers,
            a.TermsValue(), a.Document);
    }

    /// <summary>Validates every field; on success returns the normalized content and the referenced records.</summary>
    public static async Task<(Check Check, ValidatedAgreement? Value)> ValidateAsync(
        AgreementRequest request, Guid? agreementId, QuadrantDbContext db, IUserDirectory users, CancellationToken ct)
    {
        var check = new Check()
            .Required("name", request.Name, Agreement.MaxName)
            .Required("kind", request.Kind)
            .MaxLength("party", request.Party, Agreement.MaxParty)
            .Required("calendarId", request.CalendarId)
            .Required("validFrom", request.ValidFrom)
            .MaxLength("document", request.Document, Agreement.MaxDocument);
        if (request.Kind is { } kind)
        {
            if (!Enum.IsDefined(kind))
            {
                check.Add("kind", "'kind' must be sla, ola or underpinningContract.");
            }
            else if (kind != AgreementKind.Sla && string.IsNullOrWhiteSpace(request.Party))
            {
                check.Add("party", kind == AgreementKind.Ola
                    ? "An OLA names the internal team that provides the support ('party')."
                    : "An underpinning contract names the supplier ('party').");
            }
        }

        if (request.ValidFrom is { } from && request.ValidUntil is { } until && until < from)
        {
            check.Add("validUntil", $"The agreement cannot end ({until:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).");
        }

        if (request.CalendarId is { } calendarId && !await db.Set<BusinessCalendar>().AnyAsync(c => c.Id == calendarId, ct))
        {
            check.Add("calendarId", $"'{calendarId}' is not a business calendar.");
        }

        if (request.OwnerId is { } ownerId)
        {
            var owner = await users.FindAsync(ownerId, ct);
            check.That(owner is not null, "ownerId", "'ownerId' is not a known user.")
                .That(owner is null || owner.IsActive, "ownerId", "'ownerId' is a deactivated user.");
        }

        var serviceIds = request.ServiceIds ?? [];
        check.That(serviceIds.Count > 0, "serviceIds", "An agreement covers at least one service.")
            .That(serviceIds.Distinct().Count() == serviceIds.Count, "serviceIds", "A service is listed twice.");
        var services = await db.Set<Service>().Where(s => serviceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var currentServices = agreementId is { } id
            ? await db.Set<AgreementService>().Where(x => x.AgreementId == id).Select(x => x.ServiceId).ToListAsync(ct)
            : [];
        for (var i = 0; i < serviceIds.Count; i++)
        {
            if (!services.TryGetValue(serviceIds[i], out var service))
            {
                check.Add($"serviceIds[{i}]", $"'{serviceIds[i]}' is not a service.");
            }
            else if (service.Lifecycle == ServiceLifecycle.Retired && !currentServices.Contains(service.Id))
            {
                check.Add($"serviceIds[{i}]", $"'{service.Name}' is retired; a new agreement cannot cover it.");
            }
        }

        var customerIds = request.CustomerIds ?? [];
        check.That(request.Kind != AgreementKind.Sla || customerIds.Count > 0, "customerIds", "An SLA is agreed with at least one customer.")
            .That(customerIds.Distinct().Count() == customerIds.Count, "customerIds", "A customer is listed twice.");
        var customers = await db.Set<Customer>().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        for (var i = 0; i < customerIds.Count; i++)
        {
            check.That(customers.ContainsKey(customerIds[i]), $"customerIds[{i}]", $"'{customerIds[i]}' is not a customer.");
        }

        var terms = request.Terms ?? AgreementTerms.Empty;
        terms.Validate(serviceIds.ToHashSet(), (field, message) => check.Add(field, message));
        if (!check.IsValid)
        {
            return (check, null);
        }

        var content = new AgreementSnapshot(request.Name!.Trim(), request.Kind!.Value, request.Party?.Trim() ?? "", request.CalendarId!.Value,
            request.ValidFrom!.Value, request.ValidUntil, request.ReviewDate, request.OwnerId, serviceIds.ToList(), customerIds.ToList(),
            terms.Normalized(), request.Document ?? "");
        return (check, new ValidatedAgreement(content, services, customers));
    }

    /// <summary>Makes the working copy's covered services and customers exactly those validated.</summary>
    public static async Task SetCoverageAsync(QuadrantDbContext db, Guid agreementId, ValidatedAgreement v, CancellationToken ct)
    {
        var services = await db.Set<AgreementService>().Where(x => x.AgreementId == agreementId).ToListAsync(ct);
        db.RemoveRange(services.Where(x => !v.Content.ServiceIds.Contains(x.ServiceId)));
        foreach (var id in v.Content.ServiceIds.Where(w => services.All(x => x.ServiceId != w)))
        {
            db.Add(AgreementService.Create(agreementId, id, v.Services[id].Name));
        }

        var customers = await db.Set<AgreementCustomer>().Where(x => x.AgreementId == agreementId).ToListAsync(ct);
        db.RemoveRange(customers.Where(x => !v.Content.CustomerIds.Contains(x.CustomerId)));
        foreach (var id in v.Content.CustomerIds.Where(w => customers.All(x => x.CustomerId != w)))
        {
            db.Add(AgreementCustomer.Create(agreementId, id, v.Customers[id].Name));
        }
    }
}
