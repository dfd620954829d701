using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Quadrant.Web.Hosting;

/// <summary>
/// Documents the API's conventions on each operation: If-Match on changes of an existing record
/// (PUT and POST actions under a record id), Idempotency-Key on POSTs that create.
/// </summary>
internal sealed class ConventionHeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var method = context.Description.HttpMethod ?? "";
        var path = context.Description.RelativePath ?? "";
        if (!path.StartsWith("api/v1/", StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        var onRecord = path.Contains("{id", StringComparison.Ordinal);
        operation.Parameters ??= [];
        if ((method == "PUT" || (method == "POST" && onRecord)) && !path.EndsWith("/invitation", StringComparison.Ordinal))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = true,
                Description = "The ETag you read (for example \"3\"). Missing: 428. Stale: 409, nothing changes.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = JsonValue.Create("\"1\""),
            });
        }
        else if (method == "POST" && !path.StartsWith("api/v1/auth/", StringComparison.Ordinal))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Required = false,
                Description = "Any unique string (≤ 200 characters). A retry with the same key and body replays the first success instead of creating twice; kept 24 hours.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
            });
        }

        return Task.CompletedTask;
    }
}
