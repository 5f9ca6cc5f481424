using Microsoft.Extensions.DependencyInjection.Extensions;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Culling;

/// <summary>Registers idle culling and maximum age.</summary>
internal static class CullingServiceCollectionExtensions
{
    /// <summary>The scheduled work's name (also its lease name).</summary>
    public const string WorkName = "culling";

    public static IServiceCollection AddSandboxCulling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CullingOptions>().Bind(configuration.GetSection(CullingOptions.Section))
            .Validate(o => o.Problems().Count == 0, "Sandbox:Culling: intervals must be at least 1 second and timeouts must not be negative.")
            .ValidateOnStart();
        var interval = configuration.GetSection(CullingOptions.Section).Get<CullingOptions>()?.CheckInterval ?? new CullingOptions().CheckInterval;
        services.AddHttpClient<INotebookActivitySource, JupyterActivityClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });
        services.AddScoped<RunningNotebookAddress>();
        services.TryAddSingleton<ProxiedUse>();
        services.TryAddScoped<SystemStopRequester>();
        services.AddScheduledWork<CullingWork>(WorkName, WorkSchedule.Every(Max(interval, TimeSpan.FromSeconds(1))));
        return services;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
