using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>Registers sessions: the launcher, the reconciler and its queue.</summary>
internal static class SessionsServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReconcilerOptions>().Bind(configuration.GetSection(ReconcilerOptions.Section))
            .Validate(o => o.Problems().Count == 0,
                "Sandbox:Reconciler: timeouts and intervals must be positive, Workers at least 1, LeaseRenewInterval at most half of LeaseLength.")
            .ValidateOnStart();
        services.AddSingleton<ReconcileQueue>();
        services.AddSingleton<LeasesHeldElsewhere>();
        services.TryAddSingleton<IReconcileNudges, InProcessReconcileNudges>();
        services.AddScoped<SessionLeases>();
        services.AddSingleton<DedicatedLeaseRenewal>();
        services.AddSingleton<SessionLeaseUpkeep>();
        services.AddSingleton<RuntimeChangeWatcher>();
        services.AddSingleton<NotebookTokens>();
        services.AddSingleton<NotebookEndpoints>();
        services.AddSingleton<NotebookOutputSignals>();
        services.AddSingleton<INotebookPortCheck, TcpNotebookPortCheck>();
        services.AddHttpClient<NotebookReadinessProbe>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });
        services.AddScoped<SessionAccess>();
        services.AddScoped<SessionLauncher>();
        services.AddScoped<SessionReconciler>();
        services.AddHostedService<ReconcilerService>();
        return services;
    }
}
