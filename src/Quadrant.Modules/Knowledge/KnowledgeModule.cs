using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Knowledge.Contracts;
using Quadrant.Modules.Knowledge.Features.ArticleUsages;
using Quadrant.Modules.Knowledge.Features.ArticleVersions;
using Quadrant.Modules.Knowledge.Features.CreateArticle;
using Quadrant.Modules.Knowledge.Features.GetArticle;
using Quadrant.Modules.Knowledge.Features.ListArticles;
using Quadrant.Modules.Knowledge.Features.PreviewArticle;
using Quadrant.Modules.Knowledge.Features.Shared;
using Quadrant.Modules.Knowledge.Features.SuggestArticles;
using Quadrant.Modules.Knowledge.Features.TransitionArticle;
using Quadrant.Modules.Knowledge.Features.UpdateArticle;
using Quadrant.Modules.Search.Contracts;

namespace Quadrant.Modules.Knowledge;

/// <summary>
/// Knowledge management (7.6): articles with versions and a review lifecycle, linked to the records they helped with,
/// searchable through the search index and suggested to requesters as they report an incident.
/// </summary>
public static class KnowledgeModule
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddScoped<IKnowledgeBase, KnowledgeBase>();
        services.AddSearchKind(ArticleViews.SearchKind);
        services.AddSearchSource<KnowledgeSearchSource>();
        services.AddScoped<CreateArticleHandler>();
        services.AddScoped<UpdateArticleHandler>();
        services.AddScoped<TransitionArticleHandler>();
        services.AddScoped<GetArticleHandler>();
        services.AddScoped<ListArticlesHandler>();
        services.AddScoped<ArticleVersionsHandler>();
        services.AddScoped<ArticleUsagesHandler>();
        services.AddScoped<PreviewArticleHandler>();
        services.AddScoped<SuggestArticlesHandler>();
        return services;
    }

    public static void MapKnowledge(this IEndpointRouteBuilder api)
    {
        CreateArticleEndpoint.Map(api);
        ListArticlesEndpoint.Map(api);
        GetArticleEndpoint.Map(api);
        UpdateArticleEndpoint.Map(api);
        TransitionArticleEndpoint.Map(api);
        ArticleVersionsEndpoint.Map(api);
        ArticleUsagesEndpoint.Map(api);
        PreviewArticleEndpoint.Map(api);
        SuggestArticlesEndpoint.Map(api);
    }
}
