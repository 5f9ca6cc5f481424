namespace Sandbox.Orchestrator.Sessions;

/// <summary>What the reconciler wants after one pass over a session: nothing, or another pass after a delay.</summary>
/// <param name="RequeueAfter">When to look again; null when the session needs nothing more.</param>
internal readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    /// <summary>Nothing more to do until something changes.</summary>
    public static ReconcileResult Done => new(null);

    /// <summary>Look again after <paramref name="delay"/>.</summary>
    public static ReconcileResult After(TimeSpan delay) => new(delay);

    /// <summary>Look again at once.</summary>
    public static ReconcileResult Now => new(TimeSpan.Zero);
}
