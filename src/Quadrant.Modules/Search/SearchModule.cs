using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Modules.Search.Contracts;
using Quadrant.Modules.Search.Engine;
using Quadrant.Modules.Search.Features.RebuildIndex;
using Quadrant.Modules.Search.Features.SearchEverything;

namespace Quadrant.Modules.Search;

/// <summary>
/// Full-text search across the records of every module that indexes them (incidents, knowledge; service requests
/// later) through <see cref="ISearchIndex"/>, with each user finding only what they may read.
/// </summary>
public static class SearchModule
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddScoped<ISearchIndex, SearchIndex>();
        services.AddScoped<ISearch, SearchEngine>();
        services.AddScoped<SearchHandler>();
        services.AddScoped<RebuildIndexHandler>();
        services.AddSingleton<SearchRebuilder>();
        return services;
    }

    public static void MapSearch(this IEndpointRouteBuilder api)
    {
        SearchEndpoint.Map(api);
        RebuildIndexEndpoint.Map(api);
    }

    /// <summary>
    /// After the migrations, before anything writes: creates or repairs the SQLite full-text table and its triggers
    /// (rebuilding the full-text index when it had to). Nothing to do on PostgreSQL.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuadrantDbContext>();
        await SearchSchema.EnsureAsync(db, scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Quadrant.Search"), ct);
    }

    /// <summary>At start-up: indexes every kind that was never indexed, or whose source changed what it indexes.</summary>
    public static async Task CatchUpAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<SearchRebuilder>().CatchUpAsync(ct);

    /// <summary>Rebuilds every kind now (after loading data behind the handlers' back, such as the demo data).</summary>
    public static async Task RebuildAllAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<SearchRebuilder>().RebuildAsync(null, ct);
}
