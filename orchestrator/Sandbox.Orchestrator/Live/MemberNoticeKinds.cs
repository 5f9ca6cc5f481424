namespace Sandbox.Orchestrator.Live;

/// <summary>The stable kinds of <see cref="MemberNotice"/> (clients switch on them).</summary>
internal static class MemberNoticeKinds
{
    /// <summary>The member has used 80 % (or more) of the month's budget.</summary>
    public const string BudgetWarning = "budget_warning";

    /// <summary>The month's budget is used up: running sessions are being stopped.</summary>
    public const string BudgetExhausted = "budget_exhausted";

    /// <summary>An idle session will be culled soon unless it is used.</summary>
    public const string IdleWarning = "idle_warning";

    /// <summary>A session reached its tier's maximum age and will be stopped soon.</summary>
    public const string MaxAgeWarning = "max_age_warning";
}
