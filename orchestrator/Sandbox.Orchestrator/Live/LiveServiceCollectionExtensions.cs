using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Live;

/// <summary>Registers how members are told things live: the hub, the store hook that feeds it, and the fan-out between.</summary>
internal static class LiveServiceCollectionExtensions
{
    /// <summary>Adds the hub, the change feed (in-process), the fan-out and the member-notices seam.</summary>
    public static IServiceCollection AddSandboxLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection(LiveOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSignalR(o => o.EnableDetailedErrors = false);

        // Hub messages carry objects exactly as the API's JSON shows them.
        services.AddOptions<JsonHubProtocolOptions>().Configure<IOptions<JsonOptions>>((hub, http) => hub.PayloadSerializerOptions = http.Value.SerializerOptions);

        services.AddSingleton<ILiveChangeFeed, InProcessLiveChangeFeed>();
        services.AddSingleton<StoreChangeInterceptor>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<StoreChangeInterceptor>());
        services.AddSingleton<ILiveSender, HubLiveSender>();
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<IMemberNotices, HubMemberNotices>();
        services.AddHostedService<LiveFanOut>();
        services.AddHostedService<LiveBenchmarkChanges>();
        return services;
    }

    /// <summary>Maps the hub at <see cref="SessionsHub.Path"/>; a connection closes when its credentials expire.</summary>
    public static IEndpointRouteBuilder MapSessionsHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<SessionsHub>(SessionsHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        return endpoints;
    }
}
