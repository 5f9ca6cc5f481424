namespace Sandbox.Orchestrator.Budget;

/// <summary>
/// Warn at 80 % of the month's budget, once a month; stop at 100 %. "Used up" means what admission means: nothing left
/// (cost before credits, running sessions counted up to now), so a member who cannot launch cannot keep running either.
/// Pure.
/// </summary>
internal static class BudgetRule
{
    /// <summary>The share of the budget at which the member is warned.</summary>
    public const decimal WarnShare = 0.8m;

    /// <summary>The verdict for <paramref name="monthToDateKrw"/> spent of <paramref name="budgetKrw"/>.</summary>
    public static BudgetVerdict Decide(decimal monthToDateKrw, decimal budgetKrw, bool warnedThisMonth)
    {
        if (monthToDateKrw >= budgetKrw)
        {
            return BudgetVerdict.Exhausted;
        }

        return monthToDateKrw >= budgetKrw * WarnShare && !warnedThisMonth ? BudgetVerdict.Warn : BudgetVerdict.Within;
    }
}
