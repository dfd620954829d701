using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Validation;
using Quadrant.Modules.Knowledge.Domain;
using Quadrant.Modules.Knowledge.Features.Shared;

namespace Quadrant.Modules.Knowledge.Features.PreviewArticle;

public sealed record PreviewRequest(string? Body);

public sealed record PreviewView(string Html);

/// <summary>Renders Markdown the way an article shows it (sanitized), without saving anything.</summary>
internal sealed class PreviewArticleHandler(ActorContext actor)
{
    public Outcome<PreviewView> Handle(PreviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ArticleViews.IsWriter(actor))
        {
            return Problem.Forbidden("Previewing articles is for knowledge writers.");
        }

        var check = new Check().MaxLength("body", request.Body, KnowledgeArticle.MaxBody);
        return check.IsValid ? new PreviewView(KnowledgeMarkdown.ToHtml(request.Body)) : check.ToProblem();
    }
}

internal static class PreviewArticleEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/knowledge/preview", (PreviewRequest request, PreviewArticleHandler handler) => handler.Handle(request).Map(Results.Ok))
            .RequireAuthorization(Policies.KnowledgeWrite)
            .WithName("PreviewArticle").WithTags("Knowledge")
            .WithSummary("Render an article body (Markdown) to sanitized HTML, as it will show")
            .Produces<PreviewView>().ProducesProblem(StatusCodes.Status400BadRequest);
}
