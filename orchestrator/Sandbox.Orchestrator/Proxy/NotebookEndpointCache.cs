using System.Collections.Concurrent;

namespace Sandbox.Orchestrator.Proxy;

/// <summary>Where running sessions' notebooks answer, remembered between proxied requests.</summary>
internal sealed class NotebookEndpointCache
{
    private readonly ConcurrentDictionary<string, Uri> _endpoints = new(StringComparer.Ordinal);

    public bool TryGet(string sessionId, out Uri endpoint) => _endpoints.TryGetValue(sessionId, out endpoint!);

    public void Remember(string sessionId, Uri endpoint) => _endpoints[sessionId] = endpoint;

    public void Forget(string sessionId) => _endpoints.TryRemove(sessionId, out _);
}
