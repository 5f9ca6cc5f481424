namespace Sandbox.Orchestrator.Budget;

/// <summary>Where a member stands against the month's budget, and so what to do.</summary>
internal enum BudgetVerdict
{
    /// <summary>Below the warning point, or already warned this month: nothing to do.</summary>
    Within,

    /// <summary>At or past the warning point (80 %) and not yet warned this month: warn.</summary>
    Warn,

    /// <summary>The budget is used up: stop every live session.</summary>
    Exhausted,
}
