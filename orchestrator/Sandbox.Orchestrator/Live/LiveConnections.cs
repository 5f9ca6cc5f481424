using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// This replica's connected clients, by connection and by member. Each connection's outbox is pumped by its own task
/// from when it opens until it closes.
/// </summary>
internal sealed partial class LiveConnections(ILiveSender sender, ILogger<LiveConnections> logger)
{
    private readonly ConcurrentDictionary<string, Open> _byConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableArray<LiveConnection>> _byMember = new(StringComparer.Ordinal);

    /// <summary>How many clients are connected.</summary>
    public int Count => _byConnection.Count;

    /// <summary>Registers a connection (holding updates back until its snapshot is released) and starts its pump.</summary>
    public void Add(LiveConnection connection)
    {
        var stop = new CancellationTokenSource();
        _byConnection[connection.ConnectionId] = new Open(connection, stop, PumpAsync(connection, stop.Token));
        _byMember.AddOrUpdate(connection.MemberId, _ => [connection], (_, existing) => existing.Add(connection));
    }

    /// <summary>Forgets a closed connection and stops its pump.</summary>
    public void Remove(string connectionId)
    {
        if (!_byConnection.TryRemove(connectionId, out var open))
        {
            return;
        }

        var memberId = open.Connection.MemberId;
        while (_byMember.TryGetValue(memberId, out var existing))
        {
            var remaining = existing.Remove(open.Connection);
            var replaced = remaining.IsEmpty
                ? _byMember.TryRemove(new KeyValuePair<string, ImmutableArray<LiveConnection>>(memberId, existing))
                : _byMember.TryUpdate(memberId, remaining, existing);
            if (replaced)
            {
                break;
            }
        }

        open.Connection.Complete();
        open.Stop.Cancel();
        open.Stop.Dispose();
    }

    /// <summary>A member's open connections (empty when they have none here).</summary>
    public ImmutableArray<LiveConnection> OfMember(string memberId) =>
        _byMember.TryGetValue(memberId, out var connections) ? connections : [];

    /// <summary>The members with at least one connection here.</summary>
    public IReadOnlyList<string> Members() => _byMember.Keys.ToList();

    /// <summary>Whether anyone at all is connected here (nothing to deliver otherwise).</summary>
    public bool IsEmpty => _byMember.IsEmpty;

    private async Task PumpAsync(LiveConnection connection, CancellationToken cancellationToken)
    {
        // Start on the thread pool, not inside the hub's OnConnectedAsync.
        await Task.Yield();
        try
        {
            await connection.PumpAsync(sender, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Closed.
        }
        catch (Exception e)
        {
            Log.SendFailed(logger, e, connection.ConnectionId);
            connection.Abort();
        }
    }

    private sealed record Open(LiveConnection Connection, CancellationTokenSource Stop, Task Pump);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Sending to hub connection {ConnectionId} failed; it is disconnected")]
        public static partial void SendFailed(ILogger logger, Exception exception, string connectionId);
    }
}
