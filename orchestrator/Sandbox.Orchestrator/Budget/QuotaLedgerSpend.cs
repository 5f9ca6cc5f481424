using Sandbox.Orchestrator.Billing;

namespace Sandbox.Orchestrator.Budget;

/// <summary>Spend as admission and <c>/me/quota</c> see it: the quota ledger's month-to-date cost and budget.</summary>
internal sealed class QuotaLedgerSpend(QuotaLedger ledger) : IMemberSpendSource
{
    /// <inheritdoc />
    public async Task<MemberSpend> ReadAsync(string memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = await ledger.StatusAsync(memberId, now, cancellationToken);
        return new MemberSpend(status.Month.ToString(), status.MonthToDateKrw, status.MonthlyBudgetKrw);
    }
}
