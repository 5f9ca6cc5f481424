namespace Sandbox.Quotas;

/// <summary>The policy of each tier, and budgets set for individual members.</summary>
/// <param name="Member">The policy of the <c>member</c> tier.</param>
/// <param name="NonMember">The policy of the <c>non_member</c> tier.</param>
/// <param name="MemberBudgetOverridesKrw">Monthly budgets by member id that replace their tier's.</param>
public sealed record QuotaPolicies(
    QuotaPolicy Member,
    QuotaPolicy NonMember,
    IReadOnlyDictionary<string, decimal> MemberBudgetOverridesKrw)
{
    public QuotaPolicy For(Tier tier) => tier switch
    {
        Tier.Member => Member,
        Tier.NonMember => NonMember,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown tier."),
    };

    /// <summary>The member's own budget when one is set, else its tier's.</summary>
    public decimal MonthlyBudgetKrw(string memberId, Tier tier) =>
        MemberBudgetOverridesKrw.TryGetValue(memberId, out var budget) ? budget : For(tier).MonthlyBudgetKrw;

    /// <summary>Every reason these policies are unusable: negative limits or budgets.</summary>
    public IReadOnlyList<BillingError> Validate()
    {
        var errors = new List<BillingError>();
        foreach (var tier in Enum.GetValues<Tier>())
        {
            var policy = For(tier);
            var name = $"policy {tier.ToName()}";
            if (policy.MaxConcurrentSessions < 0)
            {
                errors.Add(new BillingError(BillingErrorKind.NegativeLimit, name, "maxConcurrentSessions is negative"));
            }

            if (policy.MonthlyBudgetKrw < 0)
            {
                errors.Add(new BillingError(BillingErrorKind.NegativeBudget, name, "monthlyBudgetKrw is negative"));
            }
        }

        foreach (var (memberId, budget) in MemberBudgetOverridesKrw.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (budget < 0)
            {
                errors.Add(new BillingError(BillingErrorKind.NegativeBudget, $"budget override of member {memberId}", "budget is negative"));
            }
        }

        return errors;
    }
}
