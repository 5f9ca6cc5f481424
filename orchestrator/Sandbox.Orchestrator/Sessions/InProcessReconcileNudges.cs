using System.Collections.Immutable;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Nudges within this process: a publish reaches this replica's subscribers at once. With several replicas and no
/// channel between them, a nudge for a session another replica holds reaches that replica through the store instead
/// (its stop-request poll, its scan for unheld sessions), within <see cref="ReconcilerOptions.LeaseScanInterval"/>.
/// </summary>
internal sealed class InProcessReconcileNudges : IReconcileNudges
{
    private ImmutableArray<Action<string>> _subscribers = [];

    /// <inheritdoc />
    public Task PublishAsync(string sessionId, CancellationToken cancellationToken)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber(sessionId);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<string> onNudge)
    {
        ImmutableInterlocked.Update(ref _subscribers, s => s.Add(onNudge));
        return new Subscription(() => ImmutableInterlocked.Update(ref _subscribers, s => s.Remove(onNudge)));
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
