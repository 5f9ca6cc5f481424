using System.Collections.Concurrent;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Wakes the readiness probe of a starting notebook when its sandbox writes output. A notebook server logs as it comes
/// up and announces where it listens once it does, so probing right after output finds it ready at once, and
/// probing on a slow timer otherwise costs next to nothing; probing every few milliseconds instead took a tenth of a
/// core with 20 notebooks starting (measured, docs/benchmarks.md), CPU the notebooks themselves needed.
/// One follower per starting session, ended by <see cref="Forget"/> when the session is ready, failed or stopped.
/// </summary>
internal sealed partial class NotebookOutputSignals(ISessionRuntime runtime, ILogger<NotebookOutputSignals> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Follower> _followers = new();

    /// <summary>Starts following the session's output if nobody does yet.</summary>
    public void Watch(string sessionId)
    {
        if (_followers.ContainsKey(sessionId))
        {
            return;
        }

        var follower = new Follower();
        if (_followers.TryAdd(sessionId, follower))
        {
            _ = FollowAsync(sessionId, follower);
        }
        else
        {
            follower.Dispose();
        }
    }

    /// <summary>
    /// Waits until the session's sandbox has written output since the last wait returned, or <paramref name="atMost"/>
    /// passed. Returns at once if output is already waiting.
    /// </summary>
    /// <returns>
    /// True when output ended the wait, false when <paramref name="atMost"/> did (the probe ignores which; tests tell a
    /// pending signal from none without waiting on a clock).
    /// </returns>
    public async Task<bool> WaitAsync(string sessionId, TimeSpan atMost, CancellationToken cancellationToken)
    {
        if (_followers.TryGetValue(sessionId, out var follower))
        {
            return await follower.Output.WaitAsync(atMost, cancellationToken).ConfigureAwait(false);
        }

        await Task.Delay(atMost, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>Stops following the session's output.</summary>
    public void Forget(string sessionId)
    {
        if (_followers.TryRemove(sessionId, out var follower))
        {
            follower.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var id in _followers.Keys)
        {
            Forget(id);
        }
    }

    private async Task FollowAsync(string sessionId, Follower follower)
    {
        // Off the caller's path: the reconciler pass that asked goes on probing meanwhile.
        await Task.Yield();
        var stopping = follower.Stopping;
        try
        {
            await foreach (var _ in runtime.FollowOutputAsync(sessionId, stopping).ConfigureAwait(false))
            {
                follower.Signal();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Forgotten.
        }
        catch (Exception e) when (e is RuntimeException or HttpRequestException or IOException)
        {
            // The runtime could not follow: probes fall back to their timer, which is all this was saving.
            Log.FollowFailed(logger, sessionId, e.Message);
        }
        finally
        {
            // The sandbox stopped (or cannot be followed): a later pass may start following again. Removes this follower
            // only, in one step: looking it up and then forgetting the session by id could remove a newer follower, had
            // the session been forgotten and watched again in between.
            if (_followers.TryRemove(new KeyValuePair<string, Follower>(sessionId, follower)))
            {
                follower.Dispose();
            }
        }
    }

    private sealed class Follower : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        /// <summary>
        /// Counts at most one pending signal: a burst of output wakes the probe once. Never disposed: a probe may still
        /// be waiting on it when the session is forgotten (it holds no handle unless one is asked for).
        /// </summary>
        public SemaphoreSlim Output { get; } = new(0, 1);

        public CancellationToken Stopping => _stop.Token;

        public void Signal()
        {
            try
            {
                if (Output.CurrentCount == 0)
                {
                    Output.Release();
                }
            }
            catch (SemaphoreFullException)
            {
                // Another chunk signalled first.
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Session {SessionId}: cannot follow the notebook's output ({Message}); probing on the timer")]
        public static partial void FollowFailed(ILogger logger, string sessionId, string message);
    }
}
