using Sandbox.Quotas;

namespace Sandbox.Quotas.Tests.Admission;

/// <summary>Issue 3, item 5.</summary>
public sealed class QuotaDefaultsTests
{
    [Fact]
    public void Members_get_three_sessions_every_size_and_100000_krw()
    {
        var member = QuotaDefaults.Policies.Member;

        Assert.Equal(3, member.MaxConcurrentSessions);
        Assert.All(QuotaDefaults.Sizes, size => Assert.True(member.AllowsSize(size.Id)));
        Assert.Equal(100_000m, member.MonthlyBudgetKrw);
    }

    [Fact]
    public void Non_members_get_one_session_the_two_smallest_sizes_and_50000_krw()
    {
        var nonMember = QuotaDefaults.Policies.NonMember;

        Assert.Equal(1, nonMember.MaxConcurrentSessions);
        Assert.Equal(["medium", "small"], nonMember.AllowedSizes!.Order(StringComparer.Ordinal));
        Assert.Equal(50_000m, nonMember.MonthlyBudgetKrw);
    }

    [Fact]
    public void The_two_smallest_sizes_are_found_in_any_catalog()
    {
        SessionSize[] catalog =
        [
            new("xl", new ResourceAmounts(16, 64, 0)),
            new("tiny", new ResourceAmounts(0.5m, 1, 0)),
            new("gpu-tiny", new ResourceAmounts(0.5m, 1, 1)),
            new("s", new ResourceAmounts(1, 2, 0)),
        ];

        Assert.Equal(["s", "tiny"], QuotaDefaults.PoliciesFor(catalog).NonMember.AllowedSizes!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Member_rates_are_30_4_1200_and_non_member_rates_twice_that()
    {
        var cards = QuotaDefaults.RateCards;

        Assert.Equal(new ResourceAmounts(30, 4, 1200), cards.Single(c => c.Tier == Tier.Member).KrwPerHour);
        Assert.Equal(new ResourceAmounts(60, 8, 2400), cards.Single(c => c.Tier == Tier.NonMember).KrwPerHour);
        Assert.All(cards, c => Assert.Equal("2026-01-01T00:00:00+09:00", c.EffectiveFromText));
    }
}
