using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Keeps this replica's session leases: renews all of them every <see cref="ReconcilerOptions.LeaseRenewInterval"/>;
/// every <see cref="ReconcilerOptions.LeaseScanInterval"/> queues the live sessions nobody holds (new ones, and those of a
/// replica that died: taken over within the lease length plus one scan) and the sessions it holds whose stop was asked for
/// (a nudge that did not arrive); and at shutdown lets go of them all and nudges them, so another replica takes them over
/// at once instead of after the lease runs out.
/// </summary>
internal sealed partial class SessionLeaseUpkeep(
    IServiceScopeFactory scopes, ReconcileQueue queue, IReconcileNudges nudges, TimeProvider clock, IOptions<ReconcilerOptions> options,
    ILogger<SessionLeaseUpkeep> logger)
{
    /// <summary>Runs the renewals and the scans until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        EveryAsync(options.Value.LeaseRenewInterval, RenewAsync, cancellationToken),
        EveryAsync(options.Value.LeaseScanInterval, ScanAsync, cancellationToken));

    /// <summary>Queues every live session nobody holds (at start, and on each scan).</summary>
    public async Task ScanAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var leases = scope.ServiceProvider.GetRequiredService<SessionLeases>();
        foreach (var id in await leases.UnheldAsync(cancellationToken))
        {
            queue.Enqueue(id);
        }

        foreach (var id in await leases.HeldStopRequestsAsync(cancellationToken))
        {
            queue.Enqueue(id);
        }
    }

    /// <summary>Lets go of every lease this replica holds and nudges their sessions, so the other replicas take them now.</summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var released = await scope.ServiceProvider.GetRequiredService<SessionLeases>().ReleaseAllAsync(cancellationToken);
        foreach (var id in released)
        {
            await nudges.PublishAsync(id, cancellationToken);
        }

        Log.Released(logger, released.Count);
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SessionLeases>().RenewAllAsync(cancellationToken);
    }

    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await step(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The store is unreachable or busy: the next tick tries again (leases last several ticks).
                    Log.StepFailed(logger, e, step.Method.Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Released {Count} session leases for the other replicas")]
        public static partial void Released(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Session lease upkeep ({Step}) failed; retrying at the next tick")]
        public static partial void StepFailed(ILogger logger, Exception exception, string step);
    }
}
