using System.Collections.Concurrent;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Where running (or starting) sessions' notebooks answer, and when the runtime last confirmed it. The reconciler
/// fills it, so readiness probes and proxied requests do not ask the engine every time (under many concurrent
/// starts, inspecting each container every few tens of milliseconds would slow the engine the starts wait for).
/// </summary>
internal sealed class NotebookEndpoints
{
    private readonly ConcurrentDictionary<string, (Uri Endpoint, DateTimeOffset SeenAt)> _endpoints = new(StringComparer.Ordinal);

    public bool TryGet(string sessionId, out Uri endpoint, out DateTimeOffset seenAt)
    {
        if (_endpoints.TryGetValue(sessionId, out var entry))
        {
            (endpoint, seenAt) = entry;
            return true;
        }

        endpoint = null!;
        seenAt = default;
        return false;
    }

    public void Remember(string sessionId, Uri endpoint, DateTimeOffset seenAt) => _endpoints[sessionId] = (endpoint, seenAt);

    public void Forget(string sessionId) => _endpoints.TryRemove(sessionId, out _);
}
