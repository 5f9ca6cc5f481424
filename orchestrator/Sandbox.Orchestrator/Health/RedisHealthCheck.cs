using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sandbox.Orchestrator.Replicas;

namespace Sandbox.Orchestrator.Health;

/// <summary>
/// Redis is connected: without it this replica still serves everything from the store, but what crosses replicas (hub
/// changes made elsewhere, sign-outs, revocations) reaches it only through the store's re-checks, within 30 s.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        (await redis.ConnectAsync()).IsConnected
            ? HealthCheckResult.Healthy("Redis is connected.")
            : new HealthCheckResult(context.Registration.FailureStatus, "Redis is not connected: other replicas' changes arrive through the store's re-checks only.");
}
