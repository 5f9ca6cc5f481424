using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sandbox.Orchestrator.Health;

/// <summary>The runtime (Docker engine or cluster) answers: without it nothing launches, though everything else is served.</summary>
internal sealed class RuntimeHealthCheck(RuntimeReachability runtime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await runtime.CheckAsync(cancellationToken) is null
            ? HealthCheckResult.Healthy("The runtime answers.")
            : new HealthCheckResult(context.Registration.FailureStatus, "The runtime does not answer: launches are refused (runtime.unavailable).");
}
