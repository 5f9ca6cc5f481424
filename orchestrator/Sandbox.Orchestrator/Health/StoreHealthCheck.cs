using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Health;

/// <summary>The store answers a query (a new connection from the pool, <c>SELECT 1</c>): without it this replica serves nothing.</summary>
internal sealed class StoreHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The store answers.")
            : new HealthCheckResult(context.Registration.FailureStatus, "The store does not answer.");
    }
}
