using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Sweeps;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Runs the reconciler: at start-up it removes sandboxes that belong to no live session and queues every live
/// session nobody holds (adopting running sandboxes, failing sessions whose sandbox vanished); then workers take queued
/// sessions, nudges (<see cref="IReconcileNudges"/>) and the runtime's changes queue the session they concern
/// (<see cref="RuntimeChangeWatcher"/>), and the sessions this replica holds are queued again at each resync interval,
/// the safety net for a change the stream missed.
/// </summary>
/// <remarks>
/// With several replicas on one store, each live session is reconciled by the replica holding its lease
/// (<see cref="SessionLeases"/>, kept by <see cref="SessionLeaseUpkeep"/>): a pass first takes or renews the lease, and
/// does nothing to a session another live replica holds (the queue forgets it until it is nudged or its lease could
/// have run out). At shutdown the leases are released so the other replicas take over at once.
/// </remarks>
internal sealed partial class ReconcilerService(
    IServiceScopeFactory scopes,
    ReconcileQueue queue,
    ISessionRuntime runtime,
    RuntimeChangeWatcher watcher,
    SessionLeaseUpkeep upkeep,
    IReconcileNudges nudges,
    NotebookEndpoints endpoints,
    IOptions<ReconcilerOptions> options,
    ILogger<ReconcilerService> logger,
    Telemetry.SandboxMetrics metrics) : BackgroundService
{
    /// <summary>The name of the store lease under which one replica at a time removes orphaned sandboxes at start.</summary>
    public const string OrphanRemovalWorkName = "recovery.orphaned-sandboxes";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nudges and the watch start before the recovery lists the runtime, so nothing that changes in between is missed.
        using var nudged = nudges.Subscribe(queue.Enqueue);
        var watching = watcher.RunAsync(stoppingToken);
        await RecoverAsync(stoppingToken);
        var workers = Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => WorkAsync(stoppingToken)).ToList();
        workers.Add(ResyncAsync(stoppingToken));
        workers.Add(upkeep.RunAsync(stoppingToken));
        workers.Add(watching);
        await Task.WhenAll(workers);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // 1. Passes end first (they are cancelled), so nothing is written under a lease after it is released.
        await base.StopAsync(cancellationToken);

        // 2. Then the leases go, and the other replicas are told: a rolling restart hands sessions over at once.
        try
        {
            await upkeep.ReleaseAllAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store is gone too: the leases run out on their own.
            Log.ReleaseFailed(logger, e);
        }
    }

    /// <summary>
    /// Removes orphaned sandboxes (on one replica at a time) and queues every live session nobody holds. Retries while the
    /// runtime is unreachable.
    /// </summary>
    internal async Task RecoverAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
                    if (db.Database.IsSqlite())
                    {
                        // The embedded store serves one process: leases in it that are not ours are a previous life's.
                        await scope.ServiceProvider.GetRequiredService<SessionLeases>().ForgetOtherHoldersAsync(cancellationToken);
                    }
                }

                await RemoveOrphansAsync(cancellationToken);
                await upkeep.ScanAsync(cancellationToken);
                Log.Recovered(logger);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException)
            {
                Log.RuntimeUnavailable(logger, e.Message);
                await Task.Delay(options.Value.RetryDelay, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Removes the sandboxes of sessions that are not live. The runtime is listed before the store is read (as the sweep
    /// does): a sandbox is created only after its session is stored, so one that another replica is starting right now
    /// is never taken for an orphan. Replicas starting together do this once: the first takes a store lease, the others
    /// skip (the periodic sweep covers anything left).
    /// </summary>
    private async Task RemoveOrphansAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var lease = scope.ServiceProvider.GetRequiredService<IScheduledWorkLease>();
        if (!await lease.TryTakeAsync(OrphanRemovalWorkName, TimeSpan.FromMinutes(1), cancellationToken))
        {
            Log.OrphanRemovalElsewhere(logger);
            return;
        }

        try
        {
            var instances = await runtime.ListAsync(cancellationToken);
            var live = await LiveSessionIdsAsync(cancellationToken);
            foreach (var orphan in SandboxSweepPlan.OrphansAmong(instances, live))
            {
                Log.OrphanRemoved(logger, orphan.SessionId);
                await runtime.StopAsync(orphan.SessionId, orphan.State, cancellationToken);
            }
        }
        finally
        {
            await lease.ReleaseAsync(OrphanRemovalWorkName, CancellationToken.None);
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            string id;
            try
            {
                id = await queue.DequeueAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var result = ReconcileResult.Done;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var outcome = "done";
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var reconciler = scope.ServiceProvider.GetRequiredService<SessionReconciler>();
                result = await reconciler.ReconcileAsync(id, stoppingToken);
                outcome = result.RequeueAfter is null ? "done" : "again";
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SessionLeaseLostException e)
            {
                // Another replica took the session over while this one was paused or cut off: it owns the session now.
                Log.LeaseLost(logger, id, e.Lease.Epoch);
                endpoints.ForgetHere(id); // what this replica saw of it is not kept current here any more
                result = ReconcileResult.Done;
                outcome = "lease_lost";
            }
            catch (Exception e)
            {
                // Transient (runtime unreachable, store busy, a concurrent write): the level-triggered pass is simply retried.
                Log.PassFailed(logger, e, id);
                result = ReconcileResult.After(options.Value.RetryDelay);
                outcome = "retry";
            }
            finally
            {
                queue.Complete(id);
                metrics.PassEnded(outcome, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }

            if (result.RequeueAfter is { } delay)
            {
                queue.EnqueueAfter(id, delay, stoppingToken);
            }
        }
    }

    private async Task ResyncAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ResyncInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    foreach (var id in await scope.ServiceProvider.GetRequiredService<SessionLeases>().HeldHereOrUnheldAsync(stoppingToken))
                    {
                        queue.Enqueue(id);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.ResyncFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task<HashSet<string>> LiveSessionIdsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        var ids = await db.Sessions.AsNoTracking()
            .Where(s => s.State != SessionState.Stopped && s.State != SessionState.Failed)
            .Select(s => s.Id).ToListAsync(cancellationToken);
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Removing sandbox of session {SessionId}: it belongs to no live session")]
        public static partial void OrphanRemoved(ILogger logger, string sessionId);

        [LoggerMessage(2, LogLevel.Information, "Reconciler recovered: live sessions nobody holds are queued")]
        public static partial void Recovered(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "The runtime is unavailable ({Error}); retrying")]
        public static partial void RuntimeUnavailable(ILogger logger, string error);

        [LoggerMessage(4, LogLevel.Warning, "Reconciling session {SessionId} failed; retrying")]
        public static partial void PassFailed(ILogger logger, Exception exception, string sessionId);

        [LoggerMessage(5, LogLevel.Warning, "Resync failed")]
        public static partial void ResyncFailed(ILogger logger, Exception exception);

        [LoggerMessage(6, LogLevel.Warning, "Lease of session {SessionId} lost (epoch {Epoch}): pass abandoned, nothing written; another replica holds it now")]
        public static partial void LeaseLost(ILogger logger, string sessionId, long epoch);

        [LoggerMessage(7, LogLevel.Information, "Another replica is removing orphaned sandboxes; skipped here")]
        public static partial void OrphanRemovalElsewhere(ILogger logger);

        [LoggerMessage(8, LogLevel.Warning, "Releasing the session leases at shutdown failed; they run out on their own")]
        public static partial void ReleaseFailed(ILogger logger, Exception exception);
    }
}
