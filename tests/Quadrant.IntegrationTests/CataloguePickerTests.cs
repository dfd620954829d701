using Microsoft.Extensions.DependencyInjection;
using Quadrant.IntegrationTests.Infrastructure;
using Quadrant.Modules.Catalogue.Contracts;

namespace Quadrant.IntegrationTests;

/// <summary>The catalogue contract's searches that other modules' pickers (e.g. the incident form) use.</summary>
public abstract class CataloguePickerTests<TFactory>(TFactory factory) : SlaTestBase<TFactory>(factory)
    where TFactory : QuadrantFactory
{
    private async Task<T> WithCatalogueAsync<T>(Func<IServiceCatalogue, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<IServiceCatalogue>());
    }

    [Fact]
    public async Task Service_search_finds_live_services_by_name_in_any_case()
    {
        await CreateServiceAsync("Picker Mail", lifecycle: "live");
        await CreateServiceAsync("Picker Mailing lists", lifecycle: "live");
        await CreateServiceAsync("Picker Mail archive", lifecycle: "pipeline");
        await CreateServiceAsync("Picker Printing", lifecycle: "live");

        var found = await WithCatalogueAsync(c => c.SearchServicesAsync("picker MAIL", 10, CancellationToken.None));
        Assert.Equal(["Picker Mail", "Picker Mailing lists"], found.Select(s => s.Name));
        Assert.All(found, s => Assert.Equal("Live", s.Lifecycle));

        var limited = await WithCatalogueAsync(c => c.SearchServicesAsync("Picker", 2, CancellationToken.None));
        Assert.Equal(["Picker Mail", "Picker Mailing lists"], limited.Select(s => s.Name));

        var all = await WithCatalogueAsync(c => c.SearchServicesAsync(null, 100, CancellationToken.None));
        Assert.Contains(all, s => s.Name == "Picker Printing");
        Assert.DoesNotContain(all, s => s.Name == "Picker Mail archive");
    }

    [Fact]
    public async Task Customer_search_finds_customers_by_name_in_any_case()
    {
        await CreateCustomerAsync("Picker Finance");
        await CreateCustomerAsync("Picker Field sales");
        await CreateCustomerAsync("Picker Legal");

        var found = await WithCatalogueAsync(c => c.SearchCustomersAsync("picker f", 10, CancellationToken.None));
        Assert.Equal(["Picker Field sales", "Picker Finance"], found.Select(c => c.Name));

        var limited = await WithCatalogueAsync(c => c.SearchCustomersAsync("PICKER", 1, CancellationToken.None));
        Assert.Equal("Picker Field sales", Assert.Single(limited).Name);

        var none = await WithCatalogueAsync(c => c.SearchCustomersAsync("no such customer", 10, CancellationToken.None));
        Assert.Empty(none);
    }
}

public sealed class SqliteCataloguePickerTests(SqliteFactory factory) : CataloguePickerTests<SqliteFactory>(factory);

public sealed class PostgresCataloguePickerTests(PostgresFactory factory) : CataloguePickerTests<PostgresFactory>(factory);
