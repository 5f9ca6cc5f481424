namespace Sandbox.NotebookProxy.Connections;

/// <summary>
/// The open connections of one <see cref="ConnectionKey"/>. A set that became empty is retired, so the registry can
/// drop it without racing a concurrent add: an add to a retired set fails and the caller takes a fresh set.
/// </summary>
internal sealed class ConnectionSet
{
    private readonly HashSet<IProxiedConnection> _connections = new(ReferenceEqualityComparer.Instance);
    private bool _retired;

    public bool TryAdd(IProxiedConnection connection)
    {
        lock (_connections)
        {
            if (_retired)
            {
                return false;
            }

            _connections.Add(connection);
            return true;
        }
    }

    /// <summary>Removes <paramref name="connection"/>; true when that left the set empty, which retires it.</summary>
    public bool RemoveAndRetireIfEmpty(IProxiedConnection connection)
    {
        lock (_connections)
        {
            _connections.Remove(connection);
            _retired = _connections.Count == 0;
            return _retired;
        }
    }

    public IProxiedConnection[] Snapshot()
    {
        lock (_connections)
        {
            return [.. _connections];
        }
    }
}
