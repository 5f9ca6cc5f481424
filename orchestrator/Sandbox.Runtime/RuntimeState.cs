namespace Sandbox.Runtime;

/// <summary>
/// Opaque state an adapter saves about a sandbox (a container id, a pod name), stored by the core with the
/// session and handed back, so an orchestrator restart can find what it started.
/// </summary>
public sealed record RuntimeState(IReadOnlyDictionary<string, string> Values)
{
    /// <summary>Empty state.</summary>
    public static RuntimeState Empty { get; } = new(new Dictionary<string, string>());
}
