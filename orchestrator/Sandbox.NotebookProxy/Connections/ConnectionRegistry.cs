using System.Collections.Concurrent;

namespace Sandbox.NotebookProxy.Connections;

/// <summary>
/// Every connection the proxy has open, by session and owner, so a revoked share ends at once. Adding and removing
/// are on every request's path, so they take one dictionary lookup and one uncontended lock, and allocate only when
/// a key gets its first connection.
/// </summary>
internal sealed class ConnectionRegistry : INotebookConnections
{
    private readonly ConcurrentDictionary<ConnectionKey, ConnectionSet> _sets = new();

    public void Add(ConnectionKey key, IProxiedConnection connection)
    {
        while (true)
        {
            var set = _sets.GetOrAdd(key, static _ => new ConnectionSet());
            if (set.TryAdd(connection))
            {
                return;
            }

            // The set emptied between lookup and add; drop it (if its remover has not yet) and take a fresh one.
            _sets.TryRemove(new KeyValuePair<ConnectionKey, ConnectionSet>(key, set));
        }
    }

    public void Remove(ConnectionKey key, IProxiedConnection connection)
    {
        if (_sets.TryGetValue(key, out var set) && set.RemoveAndRetireIfEmpty(connection))
        {
            _sets.TryRemove(new KeyValuePair<ConnectionKey, ConnectionSet>(key, set));
        }
    }

    public int CloseFor(string sessionId, string connectionOwner)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(connectionOwner);
        if (!_sets.TryGetValue(new ConnectionKey(sessionId, connectionOwner), out var set))
        {
            return 0;
        }

        var open = set.Snapshot();
        foreach (var connection in open)
        {
            connection.Close();
        }

        return open.Length;
    }

    public int CloseAllFor(string connectionOwner)
    {
        ArgumentNullException.ThrowIfNull(connectionOwner);

        // A scan of every key: this runs on sign-out and role changes, not per request, so the per-request path keeps its
        // single lookup rather than paying for a second index by owner.
        var closed = 0;
        foreach (var (key, set) in _sets)
        {
            if (!string.Equals(key.Owner, connectionOwner, StringComparison.Ordinal))
            {
                continue;
            }

            var open = set.Snapshot();
            foreach (var connection in open)
            {
                connection.Close();
            }

            closed += open.Length;
        }

        return closed;
    }

    /// <summary>
    /// Closes every WebSocket relay (kernels, terminals) and returns how many: at shutdown, so the server's drain of
    /// requests in flight is not held up to its timeout by sockets that never end on their own. Plain requests in flight
    /// are left to finish.
    /// </summary>
    public int CloseWebSockets()
    {
        var closed = 0;
        foreach (var (_, set) in _sets)
        {
            foreach (var connection in set.Snapshot().Where(c => c.IsWebSocket))
            {
                connection.Close();
                closed++;
            }
        }

        return closed;
    }

    public IReadOnlyList<(string SessionId, string ConnectionOwner)> Open() =>
        _sets.Where(pair => pair.Value.Snapshot().Length > 0).Select(pair => (pair.Key.SessionId, pair.Key.Owner)).ToList();

    /// <summary>How many connections are open for the key (for tests and diagnostics).</summary>
    public int CountFor(string sessionId, string connectionOwner) =>
        _sets.TryGetValue(new ConnectionKey(sessionId, connectionOwner), out var set) ? set.Snapshot().Length : 0;
}
