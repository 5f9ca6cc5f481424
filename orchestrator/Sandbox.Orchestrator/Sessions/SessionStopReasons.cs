namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Why the system stopped a session (the session's <c>reason</c> once it stops). Stable and machine-readable; a stop
/// its owner asked for has no reason.
/// </summary>
internal static class SessionStopReasons
{
    /// <summary>Its notebook showed no activity and no busy kernel for the idle timeout.</summary>
    public const string Idle = "idle";

    /// <summary>It reached its tier's maximum age.</summary>
    public const string MaxAge = "max_age";

    /// <summary>Its owner's monthly budget was used up while it ran.</summary>
    public const string BudgetExhausted = "budget_exhausted";

    /// <summary>An admin disabled its owner's account.</summary>
    public const string MemberDisabled = "member_disabled";

    /// <summary>An admin removed its owner's account.</summary>
    public const string MemberRemoved = "member_removed";

    /// <summary>The reason in words, for the session's message.</summary>
    public static string Describe(string reason) => reason switch
    {
        Idle => "idle for too long",
        MaxAge => "reached its maximum age",
        BudgetExhausted => "the monthly budget is used up",
        MemberDisabled => "the member's account was disabled",
        MemberRemoved => "the member's account was removed",
        _ => reason,
    };
}
