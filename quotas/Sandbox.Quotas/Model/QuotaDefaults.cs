namespace Sandbox.Quotas;

/// <summary>
/// The defaults of issue 3 (configurable by whoever builds the policies): members 3 concurrent sessions, every
/// size, 100,000 KRW a month; non-members 1 session, the two smallest sizes, 50,000 KRW. Member rates
/// cpu 30, memory 4, gpu 1,200 KRW an hour; non-members twice that. Every profile is allowed.
/// </summary>
public static class QuotaDefaults
{
    public const int MemberMaxConcurrentSessions = 3;
    public const int NonMemberMaxConcurrentSessions = 1;
    public const decimal MemberMonthlyBudgetKrw = 100_000m;
    public const decimal NonMemberMonthlyBudgetKrw = 50_000m;

    /// <summary>When the default rate cards take effect: the start of 2026 in Seoul, before any usage.</summary>
    public static DateTimeOffset RatesEffectiveFrom { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(9));

    public static ResourceAmounts MemberKrwPerHour { get; } = new(30m, 4m, 1200m);

    public static ResourceAmounts NonMemberKrwPerHour { get; } = new(60m, 8m, 2400m);

    /// <summary>The size catalog assumed when the orchestrator configures none.</summary>
    public static IReadOnlyList<SessionSize> Sizes { get; } =
    [
        new("small", new ResourceAmounts(1m, 2m, 0m)),
        new("medium", new ResourceAmounts(2m, 4m, 0m)),
        new("large", new ResourceAmounts(4m, 16m, 0m)),
        new("gpu", new ResourceAmounts(4m, 16m, 1m)),
    ];

    /// <summary>Default policies over <see cref="Sizes"/>.</summary>
    public static QuotaPolicies Policies { get; } = PoliciesFor(Sizes);

    /// <summary>The default rate cards of both tiers, taking effect at <see cref="RatesEffectiveFrom"/>.</summary>
    public static IReadOnlyList<RateCard> RateCards { get; } = RateCardsFrom(RatesEffectiveFrom);

    /// <summary>Default policies over a size catalog: non-members get its two cheapest sizes at member rates (ties by id).</summary>
    public static QuotaPolicies PoliciesFor(IReadOnlyList<SessionSize> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var smallest = sizes
            .OrderBy(s => (s.Resources.Cpu * MemberKrwPerHour.Cpu) + (s.Resources.MemoryGiB * MemberKrwPerHour.MemoryGiB) + (s.Resources.Gpu * MemberKrwPerHour.Gpu))
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .Take(2)
            .Select(s => s.Id)
            .ToHashSet(StringComparer.Ordinal);
        return new QuotaPolicies(
            new QuotaPolicy(MemberMaxConcurrentSessions, null, null, MemberMonthlyBudgetKrw),
            new QuotaPolicy(NonMemberMaxConcurrentSessions, smallest, null, NonMemberMonthlyBudgetKrw),
            new Dictionary<string, decimal>(StringComparer.Ordinal));
    }

    /// <summary>The default rates of both tiers as cards taking effect at <paramref name="effectiveFrom"/>.</summary>
    public static IReadOnlyList<RateCard> RateCardsFrom(DateTimeOffset effectiveFrom) =>
    [
        new(Tier.Member, effectiveFrom, MemberKrwPerHour),
        new(Tier.NonMember, effectiveFrom, NonMemberKrwPerHour),
    ];
}
