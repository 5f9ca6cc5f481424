namespace Sandbox.KubernetesDouble.Node;

/// <summary>A wake-up that is not lost: a poke before the wait makes the next wait return at once.</summary>
internal sealed class AsyncSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Poke()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already poked.
        }
        catch (ObjectDisposedException)
        {
            // Nobody waits any more.
        }
    }

    /// <summary>Waits for a poke, at most <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
