namespace Sandbox.Orchestrator.Budget;

/// <summary>
/// That a member was warned of using 80 % of one billing month's budget (table <c>budget_warnings</c>): at most one
/// warning per member and month, whichever replica runs the sweep and across restarts.
/// </summary>
internal sealed class BudgetWarningRecord
{
    /// <summary>The member warned.</summary>
    public required string MemberId { get; set; }

    /// <summary>The billing month, <c>YYYY-MM</c> in the billing time zone.</summary>
    public required string Month { get; set; }

    /// <summary>When the warning was sent.</summary>
    public DateTimeOffset WarnedAt { get; set; }
}
