using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sandbox.Orchestrator.Datasets.Registry;
using Sandbox.Orchestrator.Replicas;

namespace Sandbox.Orchestrator.Health;

/// <summary>
/// Liveness and readiness, for people and for Kubernetes probes (README "Operating Sandbox"):
/// <list type="bullet">
/// <item><c>/healthz/live</c>: the process serves requests; checks nothing else (restart it when this fails).</item>
/// <item><c>/healthz/ready</c> (and <c>/healthz</c>): the store (503 <c>Unhealthy</c> without it: this replica can serve
/// nothing), the runtime, and the registry and Redis where configured (200 <c>Degraded</c> without one of those: the
/// replica still serves, and the portal says what is out, so it is not taken out of rotation).</item>
/// </list>
/// </summary>
internal static class HealthServiceCollectionExtensions
{
    private const string Ready = "ready";

    public static IServiceCollection AddSandboxHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RuntimeReachability>();
        var checks = services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", HealthStatus.Unhealthy, [Ready])
            .AddCheck<RuntimeHealthCheck>("runtime", HealthStatus.Degraded, [Ready]);
        if (configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() is { Enabled: true })
        {
            checks.AddCheck<RegistryHealthCheck>("registry", HealthStatus.Degraded, [Ready]);
        }

        if (configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() is { IsConfigured: true })
        {
            checks.AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [Ready]);
        }

        return services;
    }

    public static WebApplication MapSandboxHealth(this WebApplication app)
    {
        var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = HealthReportJson.WriteAsync };
        app.MapHealthChecks("/healthz", ready).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", ready).AllowAnonymous();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportJson.WriteAsync }).AllowAnonymous();
        return app;
    }
}
