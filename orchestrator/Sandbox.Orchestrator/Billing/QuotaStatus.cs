using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Billing;

/// <summary>A member's quota position at an instant: the numbers admission decides on and <c>/me/quota</c> shows.</summary>
internal sealed record QuotaStatus(
    string MemberId,
    Tier Tier,
    QuotaPolicy Policy,
    decimal MonthlyBudgetKrw,
    BillingMonth Month,
    int ActiveSessions,
    decimal MonthToDateKrw,
    decimal ReservedKrw,
    IReadOnlyList<RateCard> RateCards);
