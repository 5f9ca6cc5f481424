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

    /// <summary>
    /// How long a replica's hold on a session lasts unless renewed (several replicas on one store: one reconciles each
    /// session). A replica that dies is taken over after at most this (the other replicas scan again just after its leases run
    /// out). Default 10 s.
    /// </summary>
    public TimeSpan LeaseLength { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a replica renews all its leases, in one statement. Default 3 s; at most half of <see cref="LeaseLength"/>.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How often a replica looks in the store for live sessions nobody holds (new, or their holder died), taking them
    /// over there and then, and for stop requests on the sessions it holds (the fallback when a nudge did not arrive).
    /// Default 2 s.
    /// </summary>
    public TimeSpan LeaseScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// What is wrong with these settings, one sentence each; empty when they are sound. A renewal must come well before the
    /// lease runs out (at most half its length), or a slow store would let sessions change hands while their holder lives.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (StartTimeout <= TimeSpan.Zero || ReadinessPollInterval <= TimeSpan.Zero || ResyncInterval <= TimeSpan.Zero || RetryDelay <= TimeSpan.Zero)
        {
            problems.Add("Sandbox:Reconciler: timeouts and intervals must be positive.");
        }

        if (Workers < 1)
        {
            problems.Add("Sandbox:Reconciler:Workers must be at least 1.");
        }

        if (LeaseLength <= TimeSpan.Zero || LeaseRenewInterval <= TimeSpan.Zero || LeaseScanInterval <= TimeSpan.Zero)
        {
            problems.Add("Sandbox:Reconciler: LeaseLength, LeaseRenewInterval and LeaseScanInterval must be positive.");
        }
        else if (LeaseRenewInterval * 2 > LeaseLength)
        {
            problems.Add($"Sandbox:Reconciler:LeaseRenewInterval ({LeaseRenewInterval}) must be at most half of LeaseLength ({LeaseLength}).");
        }

        return problems;
    }
}
