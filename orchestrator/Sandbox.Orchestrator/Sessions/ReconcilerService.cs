using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Sweeps;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Runs the reconciler: at start-up it removes sandboxes that belong to no live session and queues every live
/// session (adopting running sandboxes, failing sessions whose sandbox vanished); then workers take queued sessions,
/// the runtime's changes queue the session they concern (<see cref="RuntimeChangeWatcher"/>), and every live session
/// is queued again at each resync interval, the safety net for a change the stream missed.
/// </summary>
internal sealed partial class ReconcilerService(
    IServiceScopeFactory scopes,
    ReconcileQueue queue,
    ISessionRuntime runtime,
    RuntimeChangeWatcher watcher,
    IOptions<ReconcilerOptions> options,
    ILogger<ReconcilerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The watch opens before the recovery lists the runtime, so nothing that changes in between is missed.
        var watching = watcher.RunAsync(stoppingToken);
        await RecoverAsync(stoppingToken);
        var workers = Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => WorkAsync(stoppingToken)).ToList();
        workers.Add(ResyncAsync(stoppingToken));
        workers.Add(watching);
        await Task.WhenAll(workers);
    }

    /// <summary>Removes orphaned sandboxes and queues every live session. Retries while the runtime is unreachable.</summary>
    internal async Task RecoverAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var live = await LiveSessionIdsAsync(cancellationToken);
                foreach (var orphan in SandboxSweepPlan.OrphansAmong(await runtime.ListAsync(cancellationToken), live))
                {
                    Log.OrphanRemoved(logger, orphan.SessionId);
                    await runtime.StopAsync(orphan.SessionId, orphan.State, cancellationToken);
                }

                foreach (var id in live)
                {
                    queue.Enqueue(id);
                }

                Log.Recovered(logger, live.Count);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException)
            {
                Log.RuntimeUnavailable(logger, e.Message);
                await Task.Delay(options.Value.RetryDelay, cancellationToken);
            }
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
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var reconciler = scope.ServiceProvider.GetRequiredService<SessionReconciler>();
                result = await reconciler.ReconcileAsync(id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Transient (runtime unreachable, store busy, a concurrent write): the level-triggered pass is simply retried.
                Log.PassFailed(logger, e, id);
                result = ReconcileResult.After(options.Value.RetryDelay);
            }
            finally
            {
                queue.Complete(id);
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
                    foreach (var id in await LiveSessionIdsAsync(stoppingToken))
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

        [LoggerMessage(2, LogLevel.Information, "Reconciler recovered: {Count} live sessions queued")]
        public static partial void Recovered(ILogger logger, int count);

        [LoggerMessage(3, LogLevel.Warning, "The runtime is unavailable ({Error}); retrying")]
        public static partial void RuntimeUnavailable(ILogger logger, string error);

        [LoggerMessage(4, LogLevel.Warning, "Reconciling session {SessionId} failed; retrying")]
        public static partial void PassFailed(ILogger logger, Exception exception, string sessionId);

        [LoggerMessage(5, LogLevel.Warning, "Resync failed")]
        public static partial void ResyncFailed(ILogger logger, Exception exception);
    }
}
