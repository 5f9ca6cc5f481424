using System.Collections.Concurrent;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Where starting and running notebooks answer, as the reconciler last saw them. Readiness probes and proxied
/// requests read it instead of asking the runtime (or the store) every time: under many concurrent starts, per-request
/// inspections and queries would take the CPU the starting notebooks need. The store stays the source of truth; an
/// empty entry (after a restart) only means the slower path is taken. With several replicas each has its own: forgetting
/// a session's endpoint here is announced (<see cref="Forgotten"/>) so that the others forget it too.
/// </summary>
internal sealed class NotebookEndpoints
{
    private readonly ConcurrentDictionary<string, NotebookEndpoint> _endpoints = new(StringComparer.Ordinal);

    public bool TryGet(string sessionId, out NotebookEndpoint endpoint) => _endpoints.TryGetValue(sessionId, out endpoint!);

    public void Remember(string sessionId, NotebookEndpoint endpoint) => _endpoints[sessionId] = endpoint;

    /// <summary>Raised with the session's id after <see cref="Forget"/> (a session ended), for the other replicas.</summary>
    public event Action<string>? Forgotten;

    /// <summary>Forgets the session's endpoint here and tells the other replicas (<see cref="Forgotten"/>).</summary>
    public void Forget(string sessionId)
    {
        ForgetHere(sessionId);
        Forgotten?.Invoke(sessionId);
    }

    /// <summary>Forgets the session's endpoint on this replica only (another replica said so).</summary>
    public void ForgetHere(string sessionId) => _endpoints.TryRemove(sessionId, out _);
}

/// <summary>A notebook's address, owner and token, when the runtime last confirmed it, and whether it answers yet.</summary>
internal sealed record NotebookEndpoint(Uri Address, string OwnerId, string Token, DateTimeOffset SeenAt, bool Ready)
{
    /// <summary>
    /// How long "still starting" is believed. The replica reconciling a starting session asks the runtime every second
    /// and remembers its answer; an older entry is a leftover of a start this replica reconciled for a while before another
    /// took the session over (and saw it become ready), and believing it kept a running notebook unreachable through this
    /// replica until the session ended.
    /// </summary>
    public static readonly TimeSpan StartingTrustedFor = TimeSpan.FromSeconds(10);

    /// <summary>Whether this memory may answer at <paramref name="now"/>: ready, or a start seen recently.</summary>
    public bool IsCurrent(DateTimeOffset now) => Ready || now - SeenAt < StartingTrustedFor;
}
