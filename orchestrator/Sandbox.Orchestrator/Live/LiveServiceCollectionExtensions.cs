using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Replicas;
using StackExchange.Redis;

namespace Sandbox.Orchestrator.Live;

/// <summary>Registers how members are told things live: the hub, the store hook that feeds it, and the fan-out between.</summary>
internal static class LiveServiceCollectionExtensions
{
    /// <summary>
    /// Adds the hub, the change feed, the fan-out and the member-notices seam. The feed is a queue in this process, or,
    /// with Redis configured, a Redis channel every replica reads (<see cref="RedisLiveChangeFeed"/>), and the hub then
    /// runs on SignalR's Redis backplane, so that its connections are known to every replica (and are served while Redis
    /// is down: <see cref="RedisOutageTolerantHubLifetimeManager{THub}"/>).
    /// </summary>
    public static IServiceCollection AddSandboxLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection(LiveOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var signalR = services.AddSignalR(o => o.EnableDetailedErrors = false);
        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        if (redis.IsConfigured)
        {
            signalR.AddStackExchangeRedis(redis.Configuration!, o =>
            {
                o.Configuration.ChannelPrefix = RedisChannel.Literal($"{redis.Prefix}:hub");
                o.Configuration.AbortOnConnectFail = false;
                o.Configuration.BacklogPolicy = BacklogPolicy.FailFast; // while Redis is down, a new connection's subscription fails at once
            });

            // A connection opened while Redis is down is served all the same (see the type).
            services.AddSingleton<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisHubLifetimeManager<SessionsHub>>();
            services.AddSingleton<HubLifetimeManager<SessionsHub>, RedisOutageTolerantHubLifetimeManager<SessionsHub>>();
            services.AddSingleton<RedisLiveChangeFeed>();
            services.AddSingleton<ILiveChangeFeed>(sp => sp.GetRequiredService<RedisLiveChangeFeed>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisLiveChangeFeed>());
        }
        else
        {
            services.AddSingleton<ILiveChangeFeed, InProcessLiveChangeFeed>();
        }

        // Hub messages carry objects exactly as the API's JSON shows them.
        services.AddOptions<JsonHubProtocolOptions>().Configure<IOptions<JsonOptions>>((hub, http) => hub.PayloadSerializerOptions = http.Value.SerializerOptions);

        services.AddSingleton<SessionAudiences>();
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
