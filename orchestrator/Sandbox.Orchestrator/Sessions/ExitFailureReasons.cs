namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// The reason a session fails with when its sandbox ended. The runtime's exit reasons that an analyst can act on
/// (<c>oom_killed</c>: choose a larger size; <c>evicted</c>: the runtime took the machine back, start again) become the
/// session's reason as they are; every other ending (an exit code, a reason the runtime did not say) keeps the general
/// reason of where it happened (<c>start_failed</c> while starting, <c>sandbox_exited</c> once running), the detail
/// being in the message. Pure.
/// </summary>
internal static class ExitFailureReasons
{
    /// <summary>Exit reasons kept as the session's reason, the same on every runtime.</summary>
    public static readonly IReadOnlySet<string> Kept = new HashSet<string>(StringComparer.Ordinal) { "oom_killed", "evicted" };

    /// <summary>The session's failure reason for a sandbox that ended with <paramref name="exitReason"/>.</summary>
    /// <param name="exitReason">The runtime's exit reason, if it said one.</param>
    /// <param name="general">The reason for any other ending: <c>start_failed</c> or <c>sandbox_exited</c>.</param>
    public static string Of(string? exitReason, string general) =>
        exitReason is not null && Kept.Contains(exitReason) ? exitReason : general;
}
