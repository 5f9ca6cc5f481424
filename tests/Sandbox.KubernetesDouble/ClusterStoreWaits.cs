namespace Sandbox.KubernetesDouble;

/// <summary>Waiting on the store's own change signals, for tests and harnesses that need a state of the cluster.</summary>
public static class ClusterStoreWaits
{
    /// <summary>
    /// Returns once <paramref name="condition"/> holds over <paramref name="store"/>, checking it now and after each change
    /// (subscribed before the first check, so a change in between is not missed). Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> ends the wait first.
    /// </summary>
    public static async Task UntilAsync(this IClusterStore store, Func<bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(condition);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var changes = store.ChangesAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = changes.MoveNextAsync();
        try
        {
            while (!condition())
            {
                await next.ConfigureAwait(false);
                next = changes.MoveNextAsync();
            }
        }
        finally
        {
            // An async iterator cannot be disposed while it waits: end the wait first.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await next.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The wait just ended.
            }

            await changes.DisposeAsync().ConfigureAwait(false);
        }
    }
}
