namespace Sandbox.Runtime;

/// <summary>One observation of a session's sandbox.</summary>
/// <param name="Phase">What exists and whether it runs.</param>
/// <param name="Endpoint">Where the notebook server can be reached from the orchestrator (scheme, host, port), when running.</param>
/// <param name="ExitReason">Why the process ended, when <see cref="RuntimePhase.Exited"/> (for example <c>oom_killed</c> or <c>exit_code_1</c>).</param>
/// <param name="State">What the adapter saved about the sandbox, to be handed back on later calls.</param>
public sealed record RuntimeObservation(RuntimePhase Phase, Uri? Endpoint, string? ExitReason, RuntimeState? State)
{
    /// <summary>
    /// What holds the sandbox up, in words for people (for example "Waiting for capacity: no node has 8 CPUs free" or
    /// "Pulling the image sandbox/python-notebook:1"), when <see cref="RuntimePhase.Pending"/>. Shown as the session's
    /// message while it starts; no engine words. Default null.
    /// </summary>
    public string? Condition { get; init; }

    /// <summary>The observation of a session with nothing in the runtime.</summary>
    public static RuntimeObservation Absent { get; } = new(RuntimePhase.Absent, null, null, null);
}
