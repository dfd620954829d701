using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quadrant.Modules.Access;
using Quadrant.Modules.Access.Authentication;
using Quadrant.Modules.Access.Contracts;
using Quadrant.Modules.Access.Features.AcceptInvite;
using Quadrant.Modules.Access.Features.CreateFirstAdmin;
using Quadrant.Modules.Access.Features.CreateUser;
using Quadrant.Modules.Access.Features.GetUser;
using Quadrant.Modules.Access.Features.IssueInvitation;
using Quadrant.Modules.Access.Features.IssueToken;
using Quadrant.Modules.Access.Features.ListTokens;
using Quadrant.Modules.Access.Features.ListUsers;
using Quadrant.Modules.Access.Features.RevokeToken;
using Quadrant.Modules.Access.Features.SetUserActive;
using Quadrant.Modules.Access.Features.Shared;
using Quadrant.Modules.Access.Features.UpdateUser;
using Quadrant.Modules.Common.Identity;
using Quadrant.Modules.Common.Persistence;

namespace Quadrant.Modules.Access;

/// <summary>Users, roles, sign-in, personal access tokens and the first-administrator setup.</summary>
public static class AccessModule
{
    /// <summary>The authentication scheme that picks the token handler for Bearer requests and the cookie otherwise.</summary>
    public const string SmartScheme = "Quadrant";

    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
                options.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(SmartScheme, "Token or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ||
                context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthenticationHandler.Scheme
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.Scheme, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "quadrant.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
        });

        services.AddIdentityCore<QuadrantUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<QuadrantRole>()
            .AddEntityFrameworkStores<QuadrantDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<QuadrantClaimsFactory>();

        // A deactivated user's cookie stops working at the next security-stamp check.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Api, p => p.AddAuthenticationSchemes(TokenAuthenticationHandler.Scheme).RequireAuthenticatedUser())
            .AddPolicy(Policies.CatalogueWrite, p => p.RequireRole(Policies.CatalogueWriters))
            .AddPolicy(Policies.AuditRead, p => p.RequireRole(Policies.AuditReaders))
            .AddPolicy(Policies.ClockWrite, p => p.RequireRole(Policies.ClockWriters))
            .AddPolicy(Policies.SlaAdmin, p => p.RequireRole(Policies.SlaAdmins))
            .AddPolicy(Policies.SlaRead, p => p.RequireRole(Policies.SlaReaders))
            .AddPolicy(Policies.IncidentWork, p => p.RequireRole(Policies.IncidentWorkers))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Policies.StaffRoles))
            .AddPolicy(Policies.SatisfactionRead, p => p.RequireRole(Policies.SatisfactionReaders))
            .AddPolicy(Policies.KnowledgeWrite, p => p.RequireRole(Policies.KnowledgeWriters))
            .AddPolicy(Policies.KnowledgePublish, p => p.RequireRole(Policies.KnowledgePublishers))
            .AddPolicy(Policies.KnowledgeRead, p => p.RequireRole(Policies.KnowledgeReaders))
            .AddPolicy(Policies.SearchAdmin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.UserAdmin, p => p.RequireRole(Roles.Admin));

        // One key ring for every node, in the database: sign-in cookies and invitation links stay valid
        // across restarts and behind a load balancer.
        services.AddDataProtection()
            .SetApplicationName("Quadrant")
            .PersistKeysToDbContext<QuadrantDbContext>();

        services.AddSingleton<SetupState>();
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<IUserProvisioning, UserProvisioning>();
        services.AddScoped<IssueTokenHandler>();
        services.AddScoped<ListTokensHandler>();
        services.AddScoped<GetTokenHandler>();
        services.AddScoped<RevokeTokenHandler>();
        services.AddScoped<ListUsersHandler>();
        services.AddScoped<GetUserHandler>();
        services.AddScoped<CreateUserHandler>();
        services.AddScoped<UpdateUserHandler>();
        services.AddScoped<SetUserActiveHandler>();
        services.AddScoped<CreateFirstAdminHandler>();
        services.AddScoped<AcceptInviteHandler>();
        services.AddScoped<IssueInvitationHandler>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = IssueInvitationHandler.Lifetime);
        return services;
    }

    /// <summary>Maps the module's endpoints under the /api/v1 group.</summary>
    public static void MapAccess(this IEndpointRouteBuilder api)
    {
        IssueTokenEndpoint.Map(api);
        ListTokensEndpoint.Map(api);
        RevokeTokenEndpoint.Map(api);
        ListUsersEndpoint.Map(api);
        CreateUserEndpoint.Map(api);
        UpdateUserEndpoint.Map(api);
        SetUserActiveEndpoint.Map(api);
        GetUserEndpoint.Map(api);
        IssueInvitationEndpoint.Map(api);
    }
}
