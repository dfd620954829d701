using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Catalogue.Contracts;
using Quadrant.Modules.Catalogue.Domain;
using Microsoft.Extensions.Configuration;
using Quadrant.Modules.Catalogue.Features.ApproveAgreement;
using Quadrant.Modules.Catalogue.Features.Attainment;
using Quadrant.Modules.Catalogue.Features.CalculateBusinessTime;
using Quadrant.Modules.Catalogue.Features.CreateAgreement;
using Quadrant.Modules.Catalogue.Features.GetClock;
using Quadrant.Modules.Catalogue.Features.ListClocks;
using Quadrant.Modules.Catalogue.Features.ListRecomputations;
using Quadrant.Modules.Catalogue.Features.RecordClockEvent;
using Quadrant.Modules.Catalogue.Features.StartClocks;
using Quadrant.Modules.Catalogue.Features.GetAgreement;
using Quadrant.Modules.Catalogue.Features.ListAgreements;
using Quadrant.Modules.Catalogue.Features.RetireAgreement;
using Quadrant.Modules.Catalogue.Features.UpdateAgreement;
using Quadrant.Modules.Catalogue.Sla;
using Quadrant.Modules.Catalogue.Features.CreateCalendar;
using Quadrant.Modules.Catalogue.Features.CreateCustomer;
using Quadrant.Modules.Catalogue.Features.CreateService;
using Quadrant.Modules.Catalogue.Features.GetCustomer;
using Quadrant.Modules.Catalogue.Features.ListCustomers;
using Quadrant.Modules.Catalogue.Features.UpdateCustomer;
using Quadrant.Modules.Catalogue.Features.GetCalendar;
using Quadrant.Modules.Catalogue.Features.ImportHolidays;
using Quadrant.Modules.Catalogue.Features.ListCalendars;
using Quadrant.Modules.Catalogue.Features.UpdateCalendar;
using Quadrant.Modules.Catalogue.Features.GetService;
using Quadrant.Modules.Catalogue.Features.ListServices;
using Quadrant.Modules.Catalogue.Features.RetireService;
using Quadrant.Modules.Catalogue.Features.ServiceDependencies;
using Quadrant.Modules.Catalogue.Features.UpdateService;
using Quadrant.Modules.Catalogue.Features.ServiceOutcomes;
using Quadrant.Modules.Catalogue.Features.ServiceRequirements;
using Quadrant.Modules.Catalogue.Features.CreateOffering;
using Quadrant.Modules.Catalogue.Features.UpdateOffering;
using Quadrant.Modules.Catalogue.Features.DeleteOffering;
using Quadrant.Modules.Catalogue.Features.GetOffering;
using Quadrant.Modules.Catalogue.Features.ListOfferings;
using Quadrant.Modules.Catalogue.Features.PublishedCatalogue;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Catalogue;

/// <summary>The service catalogue (8.2.4) with requirements, outcomes and offerings, customers (8.3.2) and business calendars. Agreements and SLA clocks join it later.</summary>
public static class CatalogueModule
{
    public static IServiceCollection AddCatalogue(this IServiceCollection services)
    {
        services.AddScoped<CreateServiceHandler>();
        services.AddScoped<ListServicesHandler>();
        services.AddScoped<GetServiceHandler>();
        services.AddScoped<UpdateServiceHandler>();
        services.AddScoped<RetireServiceHandler>();
        services.AddScoped<ServiceDependenciesHandler>();
        services.AddScoped<CreateCustomerHandler>();
        services.AddScoped<ListCustomersHandler>();
        services.AddScoped<GetCustomerHandler>();
        services.AddScoped<UpdateCustomerHandler>();
        services.AddScoped<CreateCalendarHandler>();
        services.AddScoped<ListCalendarsHandler>();
        services.AddScoped<GetCalendarHandler>();
        services.AddScoped<UpdateCalendarHandler>();
        services.AddScoped<CalculateBusinessTimeHandler>();
        services.AddScoped<ImportHolidaysHandler>();
        services.AddScoped<CreateAgreementHandler>();
        services.AddScoped<ListAgreementsHandler>();
        services.AddScoped<GetAgreementHandler>();
        services.AddScoped<UpdateAgreementHandler>();
        services.AddScoped<ApproveAgreementHandler>();
        services.AddScoped<RetireAgreementHandler>();
        services.AddScoped<AttainmentHandler>();
        services.AddScoped<StartClocksHandler>();
        services.AddScoped<RecordClockEventHandler>();
        services.AddScoped<ListClocksHandler>();
        services.AddScoped<GetClockHandler>();
        services.AddScoped<ListRecomputationsHandler>();
        services.AddScoped<ServiceOutcomesHandler>();
        services.AddScoped<ServiceRequirementsHandler>();
        services.AddScoped<CreateOfferingHandler>();
        services.AddScoped<UpdateOfferingHandler>();
        services.AddScoped<DeleteOfferingHandler>();
        services.AddScoped<GetOfferingHandler>();
        services.AddScoped<ListOfferingsHandler>();
        services.AddScoped<PublishedCatalogueHandler>();
        services.AddSingleton<CataloguePdf>();
        services.AddScoped<IServiceCatalogue, ServiceCatalogue>();
        services.AddSingleton<ScheduleCache>();
        services.AddScoped<SlaClockService>();
        services.AddScoped<ISlaClocks>(sp => sp.GetRequiredService<SlaClockService>());
        services.AddScoped<ISlaClockHistory, ClockHistory>();
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Quadrant:Sla").Get<SlaOptions>() ?? new SlaOptions());
        services.AddSingleton<ClockCrossingJob>();
        services.AddHostedService(sp => sp.GetRequiredService<ClockCrossingJob>());
        services.AddSingleton<ClockRecomputeJob>();
        services.AddHostedService(sp => sp.GetRequiredService<ClockRecomputeJob>());
        return services;
    }

    public static void MapCatalogue(this IEndpointRouteBuilder api)
    {
        CreateServiceEndpoint.Map(api);
        ListServicesEndpoint.Map(api);
        GetServiceEndpoint.Map(api);
        UpdateServiceEndpoint.Map(api);
        RetireServiceEndpoint.Map(api);
        ServiceDependenciesEndpoint.Map(api);
        CreateCustomerEndpoint.Map(api);
        ListCustomersEndpoint.Map(api);
        GetCustomerEndpoint.Map(api);
        UpdateCustomerEndpoint.Map(api);
        CreateCalendarEndpoint.Map(api);
        ListCalendarsEndpoint.Map(api);
        GetCalendarEndpoint.Map(api);
        UpdateCalendarEndpoint.Map(api);
        CalculateBusinessTimeEndpoint.Map(api);
        ImportHolidaysEndpoint.Map(api);
        CreateAgreementEndpoint.Map(api);
        ListAgreementsEndpoint.Map(api);
        GetAgreementEndpoint.Map(api);
        UpdateAgreementEndpoint.Map(api);
        ApproveAgreementEndpoint.Map(api);
        RetireAgreementEndpoint.Map(api);
        ListRecomputationsEndpoint.Map(api);
        StartClocksEndpoint.Map(api);
        RecordClockEventEndpoint.Map(api);
        ListClocksEndpoint.Map(api);
        GetClockEndpoint.Map(api);
        AttainmentEndpoint.Map(api);
        ServiceOutcomesEndpoint.Map(api);
        ServiceRequirementsEndpoint.Map(api);
        CreateOfferingEndpoint.Map(api);
        ListOfferingsEndpoint.Map(api);
        GetOfferingEndpoint.Map(api);
        UpdateOfferingEndpoint.Map(api);
        DeleteOfferingEndpoint.Map(api);
        PublishedCatalogueEndpoint.Map(api);
    }
}

internal sealed class ServiceCatalogue(QuadrantDbContext db) : IServiceCatalogue
{
    public async Task<ServiceReference?> FindAsync(Guid id, CancellationToken ct) =>
        await db.Set<Service>().AsNoTracking().Where(s => s.Id == id)
            .Select(s => new ServiceReference(s.Id, s.Name, s.Lifecycle.ToString(), s.Criticality.ToString()))
            .FirstOrDefaultAsync(ct);

    public async Task<CustomerReference?> FindCustomerAsync(Guid id, CancellationToken ct) =>
        await db.Set<Domain.Customers.Customer>().AsNoTracking().Where(c => c.Id == id).Select(c => new CustomerReference(c.Id, c.Name)).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        var services = await db.Set<Service>().AsNoTracking().Where(s => list.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var customers = await db.Set<Domain.Customers.Customer>().AsNoTracking().Where(c => list.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        return services.Concat(customers).ToDictionary(x => x.Id, x => x.Name);
    }

    public Task<int> CountLiveAsync(CancellationToken ct) =>
        db.Set<Service>().CountAsync(s => s.Lifecycle == ServiceLifecycle.Live, ct);

    public async Task<IReadOnlyDictionary<string, int>> CountByLifecycleAsync(CancellationToken ct)
    {
        var counts = await db.Set<Service>().GroupBy(s => s.Lifecycle).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<ServiceLifecycle>().ToDictionary(
            l => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(l.ToString()),
            l => counts.FirstOrDefault(c => c.Key == l)?.Count ?? 0);
    }

    public async Task<IReadOnlyList<ServiceReference>> SearchServicesAsync(string? text, int limit, CancellationToken ct)
    {
        var services = db.Set<Service>().AsNoTracking().Where(s => s.Lifecycle == ServiceLifecycle.Live);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var upper = text.Trim().ToUpperInvariant();
            services = services.Where(s => s.Name.ToUpper().Contains(upper));
        }

        return await services.OrderBy(s => s.Name).ThenBy(s => s.Id).Take(Math.Clamp(limit, 1, 100))
            .Select(s => new ServiceReference(s.Id, s.Name, s.Lifecycle.ToString(), s.Criticality.ToString()))
            .ToListAsync(ct);
    }

    public async Task<(IReadOnlyList<ServiceReference> Services, IReadOnlyList<CustomerReference> Customers)> DirectoryAsync(CancellationToken ct)
    {
        var services = await db.Set<Service>().AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Select(s => new ServiceReference(s.Id, s.Name, s.Lifecycle.ToString(), s.Criticality.ToString())).ToListAsync(ct);
        var customers = await db.Set<Domain.Customers.Customer>().AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new CustomerReference(c.Id, c.Name)).ToListAsync(ct);
        return (services, customers);
    }

    public async Task<IReadOnlyList<CustomerReference>> SearchCustomersAsync(string? text, int limit, CancellationToken ct)
    {
        var customers = db.Set<Domain.Customers.Customer>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var upper = text.Trim().ToUpperInvariant();
            customers = customers.Where(c => c.Name.ToUpper().Contains(upper));
        }

        return await customers.OrderBy(c => c.Name).ThenBy(c => c.Id).Take(Math.Clamp(limit, 1, 100))
            .Select(c => new CustomerReference(c.Id, c.Name))
            .ToListAsync(ct);
    }
}
