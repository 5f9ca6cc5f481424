using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// At start: makes sure the roles exist, and creates the bootstrap admin from configuration when there is no admin yet.
/// Runs after <see cref="StoreMigrator"/> (registered after it).
/// </summary>
internal sealed partial class AccountSeeder(
    IServiceProvider services, IOptions<BootstrapAdminOptions> options, TimeProvider clock, ILogger<AccountSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Ensure(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }

        var admin = options.Value;
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrEmpty(admin.Password))
        {
            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<SandboxUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }

        var members = scope.ServiceProvider.GetRequiredService<MemberDirectory>();
        var result = await members.CreateAsync(
            new NewMember(admin.Email, admin.Password, "Administrator", Tiers.Member, [Roles.Admin]), null, clock.GetUtcNow(), cancellationToken);
        if (result.Error is { } error)
        {
            throw new InvalidOperationException($"The bootstrap admin {admin.Email} could not be created: {error.Message}");
        }

        Log.AdminCreated(logger, admin.Email);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Ensure(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Bootstrap admin {Email} created")]
        public static partial void AdminCreated(ILogger logger, string email);
    }
}
