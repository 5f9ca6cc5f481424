using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Model;

public sealed class MembershipChangeTests
{
    [Fact]
    public void A_tier_change_closes_the_open_period_and_opens_a_new_one()
    {
        var changed = MembershipChange.ChangeTier([Member("m-001", Tier.NonMember)], "m-001", Tier.Member, At("2026-11-10T12:00:00+09:00"));

        Assert.Equal(
            [Member("m-001", Tier.NonMember, "2026-01-01T00:00:00+09:00", "2026-11-10T12:00:00+09:00"), Member("m-001", Tier.Member, "2026-11-10T12:00:00+09:00")],
            changed);
        Assert.Empty(ScenarioValidator.Validate(Scenario(memberships: changed)));
    }

    [Fact]
    public void A_change_before_the_latest_period_started_is_refused()
    {
        Assert.Null(MembershipChange.ChangeTier([Member("m-001", Tier.NonMember, "2026-11-10T00:00:00+09:00")], "m-001", Tier.Member, At("2026-11-01T00:00:00+09:00")));
    }
}
