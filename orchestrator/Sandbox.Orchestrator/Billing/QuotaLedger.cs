using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Catalog;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Billing;

/// <summary>Works out a member's quota position from the store: tier, active sessions, month-to-date cost and reservations.</summary>
internal sealed class QuotaLedger(BillingLedger ledger, QuotaPolicySource policies, NotebookCatalog catalog, MemberDirectory members)
{
    public async Task<QuotaStatus> StatusAsync(string memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // 1. Tier and policy in force now, with the member's own budget if set.
        var tierName = await members.TierAtAsync(memberId, now, cancellationToken) ?? Tiers.NonMember;
        var tier = Tiers.ToTier(tierName);
        var quota = policies.Policies(await ledger.BudgetOverridesAsync(memberId, cancellationToken));
        var policy = quota.For(tier);

        // 2. This month's cost so far, by the same engine that writes invoices.
        var month = BillingMonth.Containing(now, policies.TimeZone);
        var scenario = await ledger.MonthAsync(month, memberId, now, cancellationToken);
        var run = BillingEngine.MonthToDate(scenario, memberId, month);
        var monthToDate = run.Run?.Invoices.FirstOrDefault(i => i.MemberId == memberId)?.SubtotalKrw ?? 0m;

        // 3. What the live sessions hold back: each reserves its hourly price for the reservation window.
        var active = await ledger.ActiveSessionsAsync(memberId, cancellationToken);
        var reserved = active.Sum(s => HourlyPrice(new ResourceAmounts(s.Cpu, s.MemoryGiB, s.Gpu), tier, now, scenario.RateCards)) * (decimal)policies.BudgetReservation.TotalHours;

        return new QuotaStatus(memberId, tier, policy, quota.MonthlyBudgetKrw(memberId, tier), month, active.Count, monthToDate, reserved, scenario.RateCards);
    }

    /// <summary>The hourly price of a size at a tier now (0 when no rate card is in force).</summary>
    public static decimal HourlyPrice(ResourceAmounts size, Tier tier, DateTimeOffset now, IReadOnlyList<RateCard> rateCards) =>
        SessionPricing.HourlyPriceKrw(size, tier, now, rateCards) ?? 0m;

    /// <summary>The amounts of a configured size.</summary>
    public ResourceAmounts? SizeAmounts(string sizeId) =>
        catalog.FindSize(sizeId) is { } size ? new ResourceAmounts(size.Cpu, size.MemoryGiB, size.Gpu) : null;
}
