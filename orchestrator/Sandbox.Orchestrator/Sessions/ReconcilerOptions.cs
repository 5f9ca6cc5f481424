namespace Sandbox.Orchestrator.Sessions;

/// <summary>How the session reconciler works (section <c>Sandbox:Reconciler</c>).</summary>
internal sealed class ReconcilerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Reconciler";

    /// <summary>How long a session may take from provisioning to a notebook that answers, then it fails with <c>start_timeout</c>. Default 120 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How long a starting notebook's readiness probe waits for the notebook's next output before it probes anyway.
    /// Default 250 ms: probes follow the notebook's output (it announces where it listens), the timer only backs that up.
    /// </summary>
    public TimeSpan ReadinessPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Readiness probes in one reconciler pass before it records progress and yields. Default 4 (about a second without output).</summary>
    public int ReadinessProbesPerPass { get; set; } = 4;

    /// <summary>
    /// While a notebook starts, how often the runtime is asked again whether its sandbox still runs (readiness is
    /// probed more often, at the last known address). Default 1 s.
    /// </summary>
    public TimeSpan RuntimeRecheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one readiness request may take. Default 2 s.</summary>
    public TimeSpan ReadinessRequestTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often every live session is reconciled even when nothing asked: the level-triggered safety net for a change the
    /// runtime's stream missed (the stream wakes the reconciler at once otherwise). Default 5 minutes (15 s while the
    /// reconciler polled).
    /// </summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many sessions are reconciled at once (one session is never reconciled twice at once). Default 64.</summary>
    public int Workers { get; set; } = 64;

    /// <summary>Delay before retrying after the runtime failed transiently (runtime unreachable). Default 2 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
