using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sandbox.Orchestrator.Datasets.Registry;

namespace Sandbox.Orchestrator.Health;

/// <summary>The dataset registry answers and takes this installation's credentials: without it no dataset is published.</summary>
internal sealed class RegistryHealthCheck(DataImagePusher registry) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await registry.CheckAsync(cancellationToken) is { } failure
            ? new HealthCheckResult(context.Registration.FailureStatus, $"The registry refuses or does not answer ({failure.Reason}): datasets are not published.")
            : HealthCheckResult.Healthy("The registry answers.");
}
