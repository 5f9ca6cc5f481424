using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>Identity, bearer tokens and authorization policies. Everything requires a signed-in caller unless marked otherwise.</summary>
internal static class AccountsServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxAccounts(this IServiceCollection services, IConfiguration configuration, string dataDir)
    {
        services.AddOptions<BootstrapAdminOptions>().Bind(configuration.GetSection(BootstrapAdminOptions.Section));

        // Keys persist in the data folder so tokens and notebook secrets survive restarts.
        services.AddDataProtection().SetApplicationName("sandbox").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDir, "keys")));

        services.AddAuthentication(IdentityConstants.BearerScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(8));

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
        services.AddHostedService<AccountSeeder>();
        return services;
    }
}
