using System.Threading.Channels;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Session ids waiting for the reconciler. An id is queued at most once, and never handed to two workers at once:
/// an id enqueued while being reconciled is queued again when that pass ends, so no change is missed.
/// </summary>
internal sealed class ReconcileQueue(TimeProvider clock)
{
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Lock _gate = new();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);

    /// <summary>How many sessions wait for a worker now (not counting those being reconciled or waiting out a delay).</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _queued.Count;
            }
        }
    }

    /// <summary>Asks for the session to be reconciled soon.</summary>
    public void Enqueue(string sessionId)
    {
        lock (_gate)
        {
            if (_active.Contains(sessionId))
            {
                _dirty.Add(sessionId);
                return;
            }

            if (!_queued.Add(sessionId))
            {
                return;
            }
        }

        _ready.Writer.TryWrite(sessionId);
    }

    /// <summary>Asks for the session to be reconciled after a delay.</summary>
    public void EnqueueAfter(string sessionId, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            Enqueue(sessionId);
            return;
        }

        _ = Task.Delay(delay, clock, cancellationToken).ContinueWith(
            t => { if (!t.IsCanceled) { Enqueue(sessionId); } },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Takes the next session to reconcile; call <see cref="Complete"/> when done with it.</summary>
    public async ValueTask<string> DequeueAsync(CancellationToken cancellationToken)
    {
        var id = await _ready.Reader.ReadAsync(cancellationToken);
        lock (_gate)
        {
            _queued.Remove(id);
            _active.Add(id);
        }

        return id;
    }

    /// <summary>Ends a pass over a session, queueing it again if it changed meanwhile.</summary>
    public void Complete(string sessionId)
    {
        bool again;
        lock (_gate)
        {
            _active.Remove(sessionId);
            again = _dirty.Remove(sessionId);
        }

        if (again)
        {
            Enqueue(sessionId);
        }
    }
}
