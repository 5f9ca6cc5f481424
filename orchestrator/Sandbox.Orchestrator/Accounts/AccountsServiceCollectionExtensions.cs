using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Sandbox.Orchestrator.Accounts.Oidc;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>Identity, bearer tokens and authorization policies. Everything requires a signed-in caller unless marked otherwise.</summary>
internal static class AccountsServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxAccounts(this IServiceCollection services, IConfiguration configuration, string dataDir)
    {
        services.AddOptions<BootstrapAdminOptions>().Bind(configuration.GetSection(BootstrapAdminOptions.Section));

        // Keys persist so tokens and notebook secrets survive restarts: in the store, encrypted with the configured
        // certificate (shared by every replica; required on PostgreSQL), or else in the data folder (one process).
        var keysFolder = Path.Combine(dataDir, "keys");
        var keyRing = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var certificate = KeyRingCertificate.Load(keyRing, configuration.GetSection(Store.StoreOptions.Section).Get<Store.StoreOptions>()?.Provider ?? "sqlite");
        if (certificate is not null)
        {
            // Registered before AddDataProtection, whose own hosted service reads (and, when empty, fills) the ring at start.
            services.AddHostedService(sp => new FileKeyRingImport(sp.GetRequiredService<IServiceScopeFactory>(), certificate, keysFolder, sp.GetRequiredService<ILoggerFactory>()));
        }

        var dataProtection = services.AddDataProtection().SetApplicationName("sandbox");
        if (certificate is null)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysFolder));
        }
        else
        {
            dataProtection.PersistKeysToDbContext<SandboxDbContext>().ProtectKeysWithCertificate(certificate);
        }

        // Bearer tokens for scripts and clients, the cookie for the portal: one policy scheme picks per request.
        var oidc = OidcOptions.IsConfiguredIn(configuration);
        services.AddAuthentication(AuthSchemes.BearerOrCookie)
            .AddPolicyScheme(AuthSchemes.BearerOrCookie, "Bearer token or the portal's cookie", o =>
            {
                o.ForwardDefaultSelector = context => AuthSchemes.Select(context, oidc);
                // Challenges and refusals answer 401/403 (as problem+json), never a redirect to a sign-in page.
                o.ForwardChallenge = AuthSchemes.Bearer;
                o.ForwardForbid = AuthSchemes.Bearer;
            })
            .AddBearerToken(AuthSchemes.Bearer, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(8);
                o.Events.OnMessageReceived = context =>
                {
                    // The header wins; the query is read on the hubs only (see AuthSchemes.HubAccessToken).
                    if (!AuthSchemes.HasBearerToken(context.Request) && AuthSchemes.HubAccessToken(context.Request) is { } token)
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                };
            })
            .AddSandboxOidc(configuration)
            .AddCookie(AuthSchemes.Cookie, o =>
            {
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            });
        services.AddAntiforgery(o => o.HeaderName = AuthSchemes.AntiforgeryHeaderName);

        services.AddHttpContextAccessor();
        // Both cookies of the portal's origin are __Host- prefixed over HTTPS (HostPrefixedCookieBuilder says why).
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Cookie).Configure<IHttpContextAccessor>((o, requests) =>
            o.Cookie = new HostPrefixedCookieBuilder(requests, AuthSchemes.CookieName) { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        services.AddOptions<AntiforgeryOptions>().Configure<IHttpContextAccessor>((o, requests) =>
            o.Cookie = new HostPrefixedCookieBuilder(requests, AuthSchemes.AntiforgeryCookieName) { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        services.AddSingleton<SecurityStamps>();
        services.AddSingleton<Audit.RefusalAudit>();
        services.AddScoped<CredentialCheck>();
        services.AddOptions<BearerTokenOptions>(AuthSchemes.Bearer).PostConfigure<TimeProvider>((o, clock) =>
            o.BearerTokenProtector = new CachingBearerTokenFormat(o.BearerTokenProtector, clock));

        services.AddIdentityCore<SandboxUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SandboxDbContext>()
            .AddSignInManager();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AuthorizationPolicies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(AuthorizationPolicies.Billing, p => p.RequireRole(Roles.Billing, Roles.Admin));

        services.AddSignInRateLimiting(configuration);
        services.AddScoped<MemberDirectory>();
        services.AddScoped<MemberEditor>();
        services.AddScoped<MemberAccess>();
        services.AddScoped<MemberRemoval>();
        services.AddHostedService<AccountSeeder>();
        return services;
    }
}
