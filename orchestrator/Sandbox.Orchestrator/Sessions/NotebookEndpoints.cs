using System.Collections.Concurrent;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Where starting and running notebooks answer, as the reconciler last saw them. Readiness probes and proxied
/// requests read it instead of asking the runtime (or the store) every time: under many concurrent starts, per-request
/// inspections and queries would take the CPU the starting notebooks need. The store stays the source of truth; an
/// empty entry (after a restart) only means the slower path is taken.
/// </summary>
internal sealed class NotebookEndpoints
{
    private readonly ConcurrentDictionary<string, NotebookEndpoint> _endpoints = new(StringComparer.Ordinal);

    public bool TryGet(string sessionId, out NotebookEndpoint endpoint) => _endpoints.TryGetValue(sessionId, out endpoint!);

    public void Remember(string sessionId, NotebookEndpoint endpoint) => _endpoints[sessionId] = endpoint;

    public void Forget(string sessionId) => _endpoints.TryRemove(sessionId, out _);
}

/// <summary>A notebook's address, owner and token, when the runtime last confirmed it, and whether it answers yet.</summary>
internal sealed record NotebookEndpoint(Uri Address, string OwnerId, string Token, DateTimeOffset SeenAt, bool Ready);
