using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sandbox.Orchestrator.Live;

/// <summary>Registers how members are told things live.</summary>
internal static class LiveServiceCollectionExtensions
{
    /// <summary>Adds the member notices seam (logged until the hub registers its own).</summary>
    public static IServiceCollection AddSandboxLive(this IServiceCollection services)
    {
        services.TryAddSingleton<IMemberNotices, LoggedMemberNotices>();
        return services;
    }
}
