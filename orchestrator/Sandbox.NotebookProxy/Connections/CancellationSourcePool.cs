using Microsoft.Extensions.ObjectPool;

namespace Sandbox.NotebookProxy.Connections;

/// <summary>
/// Reuses the per-request cancellation sources (and the timers behind their timeouts) across requests; a source that was
/// cancelled cannot be reset and is dropped instead.
/// </summary>
internal sealed class CancellationSourcePool
{
    private readonly ObjectPool<CancellationTokenSource> _pool =
        new DefaultObjectPool<CancellationTokenSource>(new Policy(), Environment.ProcessorCount * 64);

    public CancellationTokenSource Rent() => _pool.Get();

    public void Return(CancellationTokenSource source) => _pool.Return(source);

    private sealed class Policy : IPooledObjectPolicy<CancellationTokenSource>
    {
        public CancellationTokenSource Create() => new();

        public bool Return(CancellationTokenSource obj)
        {
            if (obj.TryReset())
            {
                return true;
            }

            obj.Dispose();
            return false;
        }
    }
}
