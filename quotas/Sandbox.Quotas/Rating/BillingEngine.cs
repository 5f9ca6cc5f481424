using System.Runtime.CompilerServices;

namespace Sandbox.Quotas;

/// <summary>
/// Metering and rating as <c>shared/contracts/billing.md</c> says: the same numbers for the API, the command
/// line and the scheduler's budget checks. Pure: the scenario holds everything, including "now" for running
/// sessions (their usage record simply ends at the caller's now).
/// </summary>
public static class BillingEngine
{
    /// <summary>Validates the whole scenario (every month, not only the one asked for), then rates the month.</summary>
    public static InvoiceRunResult Run(BillingScenario scenario, BillingMonth month)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var prepared = new PreparedScenario(scenario);
        var errors = ScenarioValidator.Validate(prepared, checkCoverage: true);
        if (errors.Count > 0)
        {
            return InvoiceRunResult.Failure(errors);
        }

        try
        {
            return InvoiceRunResult.Success(InvoiceBuilder.Build(prepared, month, Rate(prepared, month)));
        }
        catch (OverflowException)
        {
            return InvoiceRunResult.Failure(
            [
                new BillingError(BillingErrorKind.ArithmeticOverflow, RecordNames.Input, "amounts or rates too large to compute exactly"),
            ]);
        }
    }

    /// <summary>
    /// What a member's usage in a month costs before credits (the sum of its invoice lines), or zero when it has none.
    /// Budgets bound spending, so credits do not extend them.
    /// </summary>
    public static InvoiceRunResult MonthToDate(BillingScenario scenario, string memberId, BillingMonth month)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var own = scenario with
        {
            Memberships = scenario.Memberships.Where(m => m.MemberId == memberId).ToArray(),
            Usage = scenario.Usage.Where(u => u.MemberId == memberId).ToArray(),
            Credits = scenario.Credits.Where(c => c.MemberId == memberId).ToArray(),
        };
        return Run(own, month);
    }

    // Runs once per run over a million records: compiled fully optimised at once rather than through
    // on-stack replacement of the unoptimised first compilation.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LineSums Rate(PreparedScenario prepared, BillingMonth month)
    {
        var zone = prepared.Scenario.TimeZone;
        var monthStart = Milliseconds.Of(month.StartIn(zone));
        var monthEnd = Milliseconds.Of(month.Next.StartIn(zone));
        var sums = new LineSums(prepared.Cards.Cards.Count);

        // Rule 1: the month boundaries split by clipping (other months' fragments are not this run's);
        // the member's periods split at tier changes, and the tier's cards at rate changes.
        foreach (var usage in prepared.Scenario.Usage)
        {
            var start = Math.Max(Milliseconds.Of(usage.Start), monthStart);
            var end = Math.Min(Milliseconds.Of(usage.End), monthEnd);
            if (end <= start || prepared.Memberships.Find(usage.MemberId) is not { } periods)
            {
                continue;
            }

            var sink = new RatingSink(sums, periods.MemberIndex, usage.Amounts);
            periods.Split(start, end, prepared.Cards, ref sink);
        }

        return sums;
    }
}
