using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Quadrant.Web.Hosting;

/// <summary>Documents the Bearer personal-access-token scheme in the OpenAPI document.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Quadrant API";
        document.Info.Description =
            "REST API of Quadrant. Get a token with POST /api/v1/auth/tokens and send it as 'Authorization: Bearer <token>'. " +
            "Errors are RFC 9457 problem details; lists page with limit and cursor; updates need If-Match; POSTs accept Idempotency-Key.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A personal access token (qdt_…).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
