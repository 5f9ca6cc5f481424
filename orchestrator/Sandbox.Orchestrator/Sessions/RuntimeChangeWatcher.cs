using Microsoft.Extensions.Options;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Follows the runtime's changes and wakes the reconciler for the session each concerns, so a sandbox that dies is
/// noticed at once instead of at the next resync. A stream that fails or ends is opened again after
/// <see cref="ReconcilerOptions.RetryDelay"/>; the resync stays the safety net for anything missed meanwhile. A change of a
/// session another replica was just found holding is left to that replica (<see cref="LeasesHeldElsewhere"/>).
/// </summary>
internal sealed partial class RuntimeChangeWatcher(
    ISessionRuntime runtime, ReconcileQueue queue, LeasesHeldElsewhere heldElsewhere, IOptions<ReconcilerOptions> options, TimeProvider clock,
    ILogger<RuntimeChangeWatcher> logger)
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in runtime.WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (heldElsewhere.Contains(change.SessionId))
                    {
                        // Its holder sees the same change and reconciles it.
                        Log.LeftToHolder(logger, change.SessionId, change.What);
                        continue;
                    }

                    Log.Changed(logger, change.SessionId, change.What);
                    queue.Enqueue(change.SessionId);
                }

                Log.Ended(logger);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.Failed(logger, e.Message);
            }

            try
            {
                await Task.Delay(options.Value.RetryDelay, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Runtime change of session {SessionId} ({What}): reconciling now")]
        public static partial void Changed(ILogger logger, string sessionId, string what);

        [LoggerMessage(4, LogLevel.Debug, "Runtime change of session {SessionId} ({What}): left to the replica holding it")]
        public static partial void LeftToHolder(ILogger logger, string sessionId, string what);

        [LoggerMessage(2, LogLevel.Warning, "The runtime's change stream ended; opening it again")]
        public static partial void Ended(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "The runtime's change stream failed ({Error}); opening it again")]
        public static partial void Failed(ILogger logger, string error);
    }
}
