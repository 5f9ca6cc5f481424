using System.Collections.Concurrent;

namespace Sandbox.Orchestrator.Culling;

/// <summary>
/// When each session's notebook was last asked for something through this replica's proxy, by someone allowed to use
/// it. A request counts from when it arrives: a kernel start that takes Jupyter fifteen seconds on a busy machine is use
/// from its first second, while Jupyter itself notes it only once answered. Culling takes the later of this and what the
/// notebook reports. In memory: after a restart, or for requests through another replica, the notebook's own report is
/// what remains (never a cull that would not have happened without it).
/// </summary>
internal sealed class ProxiedUse(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastAt = new(StringComparer.Ordinal);

    /// <summary>Notes that a request for <paramref name="sessionId"/>'s notebook is being proxied now.</summary>
    public void Record(string sessionId) => _lastAt[sessionId] = clock.GetUtcNow();

    /// <summary>When the session's notebook was last asked for something through this replica, if it was.</summary>
    public DateTimeOffset? LastAt(string sessionId) => _lastAt.TryGetValue(sessionId, out var at) ? at : null;

    /// <summary>Forgets every session not in <paramref name="running"/> (they cannot be used any more).</summary>
    public void KeepOnly(IReadOnlyCollection<string> running)
    {
        foreach (var id in _lastAt.Keys)
        {
            if (!running.Contains(id))
            {
                _lastAt.TryRemove(id, out _);
            }
        }
    }
}
