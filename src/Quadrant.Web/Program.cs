using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using OpenTelemetry.Metrics;
using Quadrant.Modules.Access;
using Quadrant.Modules.Access.Features.CreateFirstAdmin;
using Quadrant.Modules.Access.Features.AcceptInvite;
using Quadrant.Modules.Catalogue;
using Quadrant.Modules.Mail;
using Quadrant.Modules.Knowledge;
using Quadrant.Modules.Search;
using Quadrant.Modules.ServiceDesk;
using Quadrant.Modules.Common;
using Quadrant.Modules.Common.Http;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Jobs;
using Quadrant.Modules.Common.Persistence;
using Quadrant.Web.Components;
using Quadrant.Web.Hosting;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
// appsettings.json ships beside the binaries; the working directory may be elsewhere (dotnet run uses the repository root).
// Inserted first, so appsettings.{Environment}.json, environment variables and the command line still override it.
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
{
    Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
    Optional = true,
    FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
});
var demo = args.Contains("--demo", StringComparer.Ordinal) || builder.Configuration.GetValue<bool>("Quadrant:Demo");

if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["Kestrel:Endpoints:Http:Url"]))
{
    builder.WebHost.UseUrls(QuadrantDefaults.Url);
}

builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
if (builder.Configuration.GetValue<bool>("Quadrant:TrustForwardedHeaders"))
{
    // Behind a reverse proxy that terminates TLS: honour X-Forwarded-For/-Proto/-Host so links and cookies use https.
    builder.Services.Configure<ForwardedHeadersOptions>(o =>
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        o.KnownIPNetworks.Clear();
        o.KnownProxies.Clear();
    });
}

if (string.Equals(builder.Configuration["Quadrant:Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
{
    builder.Logging.ClearProviders();
    builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddQuadrantDatabase(builder.Configuration);
builder.Services.AddCommon();
builder.Services.AddAccess();
builder.Services.AddCatalogue();
builder.Services.AddServiceDesk();
builder.Services.AddMail(builder.Configuration);
builder.Services.AddKnowledge();
builder.Services.AddSearch();

// API conventions: strict JSON (unknown fields and unknown enum values are errors), camelCase enums,
// and binding failures thrown so they become problem details naming the field.
builder.Services.Configure<JsonOptions>(o => QuadrantDefaults.Json(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>().AddOperationTransformer<ConventionHeadersTransformer>());

// Password-checking endpoints (API token issue, sign-in form) are rate limited per client address, so guessing
// passwords, or locking other people out by failing on purpose, is slow. Quadrant:RateLimits:CredentialsPerMinute.
var credentialsPerMinute = builder.Configuration.GetValue("Quadrant:RateLimits:CredentialsPerMinute", 20);
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    o.AddPolicy(Policies.CredentialsRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
        context.Connection.RemoteIpAddress?.ToString() ?? "local",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = credentialsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    o.OnRejected = async (context, ct) =>
    {
        context.HttpContext.Response.Headers.RetryAfter = "60";
        await new Problem(StatusCodes.Status429TooManyRequests, "Too many attempts.",
                "Too many sign-in attempts from your address. Wait a minute and try again.")
            .ToResult().ExecuteAsync(context.HttpContext);
    };
});

builder.Services.AddHealthChecks().AddDbContextCheck<QuadrantDbContext>("database", tags: ["ready"]);
builder.Services.AddOpenTelemetry().WithMetrics(m => m
    .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics", JobMetrics.MeterName)
    .AddPrometheusExporter());

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthStateProvider>();
builder.Services.AddMudServices();
builder.Services.AddHttpContextAccessor();

var app = builder.Build();

if (builder.Configuration.GetValue<bool>("Quadrant:TrustForwardedHeaders"))
{
    app.UseForwardedHeaders();
}

app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", AllowStatusCode404Response = false });
app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
app.UseMiddleware<RequestLogMiddleware>();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<ActorMiddleware>();
app.UseMiddleware<IdempotencyMiddleware>();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi();
app.MapScalarApiReference(o => o.WithTitle("Quadrant API"));
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
app.MapPrometheusScrapingEndpoint("/metrics");

var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Api);
api.MapCommon();
api.MapAccess();
api.MapCatalogue();
api.MapServiceDesk();
api.MapMail();
api.MapKnowledge();
api.MapSearch();
app.MapAccountEndpoints();

app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .AddAdditionalAssemblies(typeof(CatalogueModule).Assembly);

await Database.MigrateAsync(app.Services, CancellationToken.None);
await AccessBootstrap.RunAsync(app.Services, builder.Configuration["Quadrant:PublicUrl"] ?? FirstUrl(builder.Configuration), CancellationToken.None);
if (demo)
{
    await DemoData.SeedAsync(app.Services, CancellationToken.None);
    await AccessBootstrap.CloseSetupIfAdminExistsAsync(app.Services, CancellationToken.None);
}

// Index what was never indexed (a new installation, an upgrade that brought a new kind or changed one).
await SearchModule.CatchUpAsync(app.Services, CancellationToken.None);

await app.RunAsync();

static string FirstUrl(IConfiguration configuration) =>
    (configuration["urls"] ?? QuadrantDefaults.Url).Split(';', StringSplitOptions.RemoveEmptyEntries)[0];

/// <summary>The web host's entry point; public for WebApplicationFactory.</summary>
public partial class Program;

internal static class QuadrantDefaults
{
    public const string Url = "http://127.0.0.1:5080";

    public static void Json(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }
}
