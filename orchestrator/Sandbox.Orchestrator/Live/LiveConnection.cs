using System.Threading.Channels;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// One connected client: its member, and its own ordered outbox with one writer, so a slow client delays only itself.
/// It opens holding updates back while the hub reads the snapshot of what the member may see; the snapshot goes out
/// first, then every update published since the connection opened, so a change made while the snapshot was read is
/// never lost nor overtaken by older data. A client that falls <see cref="LiveOptions.MaxBacklog"/> messages behind is
/// disconnected: it reconnects and gets the full state again, which is cheaper than remembering everything for it.
/// </summary>
internal sealed class LiveConnection
{
    private readonly Channel<LiveMessage> _outbox = Channel.CreateUnbounded<LiveMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly Action _abort;
    private readonly int _maxBacklog;
    private List<LiveMessage>? _heldBack = [];
    private int _backlog;

    public LiveConnection(string connectionId, string memberId, string? securityStamp, Action abort, int maxBacklog)
    {
        ConnectionId = connectionId;
        MemberId = memberId;
        SecurityStamp = securityStamp;
        _abort = abort;
        _maxBacklog = maxBacklog;
    }

    /// <summary>When it opened (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>): a connection opened after the feed came back missed nothing.</summary>
    public long OpenedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public string ConnectionId { get; }

    public string MemberId { get; }

    /// <summary>The security stamp its credentials carried (null for credentials without one): stale once the member signs out.</summary>
    public string? SecurityStamp { get; }

    /// <summary>Whether it was disconnected for falling behind or for stale credentials.</summary>
    public bool Aborted { get; private set; }

    /// <summary>Queues an update (held back until the snapshot is out).</summary>
    public void Deliver(LiveMessage message)
    {
        lock (_gate)
        {
            if (_heldBack is not null)
            {
                _heldBack.Add(message);
                return;
            }
        }

        Enqueue(message);
    }

    /// <summary>Queues the snapshot, then the updates held back while it was read, and goes live.</summary>
    public void ReleaseAfter(IEnumerable<LiveMessage> snapshot)
    {
        lock (_gate)
        {
            foreach (var message in snapshot)
            {
                Enqueue(message);
            }

            foreach (var message in _heldBack ?? [])
            {
                Enqueue(message);
            }

            _heldBack = null;
        }
    }

    /// <summary>Sends queued messages in order until the connection closes.</summary>
    public async Task PumpAsync(ILiveSender sender, CancellationToken cancellationToken)
    {
        var reader = _outbox.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryRead(out var message))
            {
                Interlocked.Decrement(ref _backlog);
                await sender.SendAsync(ConnectionId, message, cancellationToken);
            }
        }
    }

    /// <summary>Stops the outbox (the connection closed).</summary>
    public void Complete() => _outbox.Writer.TryComplete();

    /// <summary>Disconnects the client (it may reconnect and start over).</summary>
    public void Abort()
    {
        Aborted = true;
        Complete();
        _abort();
    }

    private void Enqueue(LiveMessage message)
    {
        if (Interlocked.Increment(ref _backlog) > _maxBacklog)
        {
            Abort();
            return;
        }

        _outbox.Writer.TryWrite(message);
    }
}
