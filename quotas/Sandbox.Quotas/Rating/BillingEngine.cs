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
        try
        {
            // One walk over the usage both validates every record and rates the month's fragments;
            // the sums are thrown away if any record is invalid.
            var prepared = new PreparedScenario(scenario);
            var zone = scenario.TimeZone;
            var rating = new RatingTarget(
                new LineSums(prepared.Memberships.Members.Count, prepared.Cards.Cards.Count),
                Milliseconds.Of(month.StartIn(zone)),
                Milliseconds.Of(month.Next.StartIn(zone)));
            var errors = ScenarioValidator.Validate(prepared, checkCoverage: true, rating);
            return errors.Count > 0
                ? InvoiceRunResult.Failure(errors)
                : InvoiceRunResult.Success(InvoiceBuilder.Build(prepared, month, rating.Sums));
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
    /// A member's own invoice run for a month: its single invoice's <see cref="Invoice.SubtotalKrw"/> is the
    /// month-to-date cost budgets are checked against (before credits: budgets bound spending), and no invoice
    /// means nothing spent. Only that member's records are read, so others' errors do not block it.
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
}
