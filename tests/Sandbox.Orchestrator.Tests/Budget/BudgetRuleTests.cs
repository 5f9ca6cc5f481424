using Sandbox.Orchestrator.Budget;

namespace Sandbox.Orchestrator.Tests.Budget;

public sealed class BudgetRuleTests
{
    [Theory]
    [InlineData(0, false, "Within")]
    [InlineData(79_999.99, false, "Within")]
    [InlineData(80_000, false, "Warn")]
    [InlineData(80_000, true, "Within")]
    [InlineData(99_999.99, true, "Within")]
    [InlineData(100_000, true, "Exhausted")]
    [InlineData(100_000, false, "Exhausted")]
    [InlineData(250_000, true, "Exhausted")]
    public void Warn_at_80_percent_once_then_exhausted_at_100_percent(double monthToDate, bool warned, string expected) =>
        Assert.Equal(Enum.Parse<BudgetVerdict>(expected), BudgetRule.Decide((decimal)monthToDate, 100_000m, warned));

    [Fact]
    public void A_zero_budget_is_exhausted_from_the_start() =>
        Assert.Equal(BudgetVerdict.Exhausted, BudgetRule.Decide(0m, 0m, false));
}
