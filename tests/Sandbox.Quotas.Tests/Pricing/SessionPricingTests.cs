using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Pricing;

public sealed class SessionPricingTests
{
    private static readonly ResourceAmounts Small = new(1, 2, 0);
    private static readonly ResourceAmounts Gpu = new(4, 16, 1);

    [Theory]
    [InlineData(Tier.Member, 38)]
    [InlineData(Tier.NonMember, 76)]
    public void The_hourly_price_of_a_size_depends_on_the_tier(Tier tier, decimal expected)
    {
        Assert.Equal(expected, SessionPricing.HourlyPriceKrw(Small, tier, At("2026-11-03T09:00:00+09:00"), QuotaDefaults.RateCards));
    }

    [Fact]
    public void The_hourly_price_uses_the_card_in_force_at_the_instant()
    {
        RateCard[] cards = [MemberCard(), Card(Tier.Member, "2026-12-01T00:00:00+09:00", 40, 5, 1500)];

        Assert.Equal(1384m, SessionPricing.HourlyPriceKrw(Gpu, Tier.Member, At("2026-11-30T23:59:59.999+09:00"), cards));
        Assert.Equal(1740m, SessionPricing.HourlyPriceKrw(Gpu, Tier.Member, At("2026-12-01T00:00:00+09:00"), cards));
        Assert.Null(SessionPricing.HourlyPriceKrw(Gpu, Tier.NonMember, At("2026-12-01T00:00:00+09:00"), cards));
    }

    [Fact]
    public void The_projected_cost_of_a_session_follows_rate_changes_inside_it()
    {
        RateCard[] cards = [MemberCard(), Card(Tier.Member, "2026-12-01T00:00:00+09:00", 40, 5, 1500)];

        // 30 minutes at 38 KRW/h, then 90 minutes at 50 KRW/h.
        var cost = SessionPricing.ProjectedCostKrw(Small, Tier.Member, At("2026-11-30T23:30:00+09:00"), TimeSpan.FromHours(2), cards);

        Assert.Equal(19m + 75m, cost);
    }

    [Fact]
    public void The_projected_cost_is_exact_to_the_millisecond_and_null_without_a_card()
    {
        var cost = SessionPricing.ProjectedCostKrw(Small, Tier.Member, At("2026-11-03T09:00:00+09:00"), TimeSpan.FromMilliseconds(1), QuotaDefaults.RateCards);
        var before = SessionPricing.ProjectedCostKrw(Small, Tier.Member, At("2025-12-31T23:00:00+09:00"), TimeSpan.FromHours(2), QuotaDefaults.RateCards);

        Assert.Equal(38m / 3_600_000m, cost);
        Assert.Null(before);
    }
}
