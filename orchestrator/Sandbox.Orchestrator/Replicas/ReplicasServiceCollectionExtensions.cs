using Microsoft.Extensions.DependencyInjection.Extensions;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Replicas;

/// <summary>
/// Registers what crosses replicas: the Redis connection (when configured), replica commands, reconcile nudges through
/// Redis (when configured; otherwise they stay in this process) and the store re-check.
/// </summary>
internal static class ReplicasServiceCollectionExtensions
{
    /// <summary>Adds <c>Sandbox:Redis</c>, the commands (carried out here, and through Redis on the others) and the re-check.</summary>
    public static IServiceCollection AddSandboxReplicas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section)).ValidateDataAnnotations()
            .Validate(o => !o.IsConfigured || Parses(o.Configuration!), "Sandbox:Redis:Configuration is not a valid StackExchange.Redis configuration string.")
            .ValidateOnStart();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<ReplicaCommandHandler>();
        services.AddSingleton<ReplicaCommands>();
        services.AddSingleton<IReplicaCommands>(sp => sp.GetRequiredService<ReplicaCommands>());
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaCommands>());
        services.AddHostedService<AccessRecheckService>();
        if (RedisConfiguredIn(configuration))
        {
            // Replaces the in-process nudges the sessions registered: every replica hears every nudge.
            services.AddSingleton<RedisReconcileNudges>();
            services.Replace(ServiceDescriptor.Singleton<IReconcileNudges>(sp => sp.GetRequiredService<RedisReconcileNudges>()));
            services.AddHostedService(sp => sp.GetRequiredService<RedisReconcileNudges>());
        }

        return services;
    }

    /// <summary>Whether Redis is configured (decided once, at start: it picks implementations).</summary>
    public static bool RedisConfiguredIn(IConfiguration configuration) =>
        configuration.GetSection(RedisOptions.Section).Get<RedisOptions>()?.IsConfigured == true;

    private static bool Parses(string configuration)
    {
        try
        {
            StackExchange.Redis.ConfigurationOptions.Parse(configuration);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
