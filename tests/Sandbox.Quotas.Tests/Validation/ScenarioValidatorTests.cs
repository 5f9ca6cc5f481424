using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Validation;

/// <summary>Rule 6: every invalid record is reported, named, and the whole run fails.</summary>
public sealed class ScenarioValidatorTests
{
    private static string Only(IReadOnlyList<BillingError> errors, BillingErrorKind kind)
    {
        var error = Assert.Single(errors);
        Assert.Equal(kind, error.Kind);
        return error.ToString();
    }

    [Theory]
    [InlineData("2026-11-03T10:00:00+09:00")]
    [InlineData("2026-11-03T09:00:00+09:00")]
    public void Usage_whose_end_is_not_after_its_start_is_refused(string end)
    {
        var scenario = Scenario(usage: [Use("u-7", "m-001", "2026-11-03T10:00:00+09:00", end, cpu: 1)]);

        Assert.Equal("usage u-7: end is not after start", Only(Errors(scenario), BillingErrorKind.EndNotAfterStart));
    }

    [Fact]
    public void Usage_with_a_negative_amount_is_refused()
    {
        var scenario = Scenario(usage: [Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1, memory: -2)]);

        Assert.Equal("usage u-1: a resource amount is negative", Only(Errors(scenario), BillingErrorKind.NegativeAmount));
    }

    [Fact]
    public void A_negative_rate_is_refused()
    {
        var scenario = Scenario(cards: [Card(Tier.Member, "2026-01-01T00:00:00+09:00", 30, 4, -1)]);

        Assert.Equal("rateCards[0] (tier member): a rate is negative", Only(Errors(scenario), BillingErrorKind.NegativeRate));
    }

    [Fact]
    public void A_negative_credit_is_refused()
    {
        var scenario = Scenario(credits: [new Credit("m-001", November, -5, "reversal")]);

        Assert.Equal("credits[0] (member m-001): krw is negative", Only(Errors(scenario), BillingErrorKind.NegativeAmount));
    }

    [Fact]
    public void Duplicate_usage_ids_are_refused()
    {
        var scenario = Scenario(usage:
        [
            Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1),
            Use("u-1", "m-001", "2026-11-04T09:00:00+09:00", "2026-11-04T10:00:00+09:00", cpu: 1),
        ]);

        Assert.Equal("usage u-1: another usage record has the same id", Only(Errors(scenario), BillingErrorKind.DuplicateUsageId));
    }

    [Fact]
    public void Overlapping_membership_periods_of_one_member_are_refused()
    {
        var scenario = Scenario(memberships:
        [
            Member("m-001", Tier.Member, "2026-01-01T00:00:00+09:00", "2026-06-01T00:00:00+09:00"),
            Member("m-001", Tier.NonMember, "2026-05-01T00:00:00+09:00"),
            Member("m-002", Tier.NonMember, "2026-05-01T00:00:00+09:00"),
        ]);

        Assert.Equal(
            "memberships[1] (member m-001): overlaps memberships[0] of the same member",
            Only(Errors(scenario), BillingErrorKind.OverlappingMemberships));
    }

    [Fact]
    public void A_period_overlapping_a_long_earlier_one_is_found_even_past_a_short_one_between()
    {
        var scenario = Scenario(memberships:
        [
            Member("m-001", Tier.Member, "2026-01-01T00:00:00+09:00", "2026-12-01T00:00:00+09:00"),
            Member("m-001", Tier.NonMember, "2026-02-01T00:00:00+09:00", "2026-03-01T00:00:00+09:00"),
            Member("m-001", Tier.NonMember, "2026-04-01T00:00:00+09:00", "2026-05-01T00:00:00+09:00"),
        ]);

        var errors = Errors(scenario);

        Assert.Equal(
            ["memberships[1] (member m-001): overlaps memberships[0] of the same member", "memberships[2] (member m-001): overlaps memberships[0] of the same member"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Adjacent_membership_periods_do_not_overlap()
    {
        var scenario = Scenario(memberships:
        [
            Member("m-001", Tier.Member, "2026-01-01T00:00:00+09:00", "2026-06-01T00:00:00+09:00"),
            Member("m-001", Tier.NonMember, "2026-06-01T00:00:00+09:00"),
        ]);

        Assert.Empty(ScenarioValidator.Validate(scenario));
    }

    [Fact]
    public void A_membership_ending_before_it_starts_is_refused()
    {
        var scenario = Scenario(memberships: [Member("m-001", Tier.Member, "2026-06-01T00:00:00+09:00", "2026-01-01T00:00:00+09:00")]);

        Assert.Equal("memberships[0] (member m-001): to is not after from", Only(Errors(scenario), BillingErrorKind.MembershipEndNotAfterStart));
    }

    [Fact]
    public void Usage_of_a_member_without_any_membership_is_refused()
    {
        var scenario = Scenario(usage: [Use("u-9", "m-404", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1)]);

        Assert.Equal(
            "usage u-9: member m-404 has no membership from 2026-11-03T09:00:00+09:00 to 2026-11-03T10:00:00+09:00",
            Only(Errors(scenario), BillingErrorKind.NoMembership));
    }

    [Fact]
    public void Usage_partly_outside_the_membership_is_refused()
    {
        var scenario = Scenario(
            memberships: [Member("m-001", Tier.Member, "2026-11-03T09:30:00+09:00")],
            usage: [Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1)]);

        Assert.Equal(
            "usage u-1: member m-001 has no membership from 2026-11-03T09:00:00+09:00 to 2026-11-03T09:30:00+09:00",
            Only(Errors(scenario), BillingErrorKind.NoMembership));
    }

    [Fact]
    public void Usage_in_a_gap_between_memberships_is_refused()
    {
        var scenario = Scenario(
            memberships:
            [
                Member("m-001", Tier.Member, "2026-01-01T00:00:00+09:00", "2026-11-03T09:10:00+09:00"),
                Member("m-001", Tier.NonMember, "2026-11-03T09:20:00+09:00"),
            ],
            usage: [Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1)]);

        Assert.Equal(
            "usage u-1: member m-001 has no membership from 2026-11-03T09:10:00+09:00 to 2026-11-03T09:20:00+09:00",
            Only(Errors(scenario), BillingErrorKind.NoMembership));
    }

    [Fact]
    public void Usage_when_no_rate_card_of_the_tier_is_in_force_is_refused()
    {
        var scenario = Scenario(
            cards: [MemberCard("2026-11-03T09:45:00+09:00"), NonMemberCard()],
            usage: [Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1)]);

        Assert.Equal(
            "usage u-1: no rate card of tier member is in force from 2026-11-03T09:00:00+09:00 to 2026-11-03T09:45:00+09:00",
            Only(Errors(scenario), BillingErrorKind.NoRateCard));
    }

    [Fact]
    public void Usage_in_another_month_is_validated_too()
    {
        var scenario = Scenario(usage:
        [
            Use("u-1", "m-001", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1),
            Use("u-2", "m-001", "2026-05-03T10:00:00+09:00", "2026-05-03T09:00:00+09:00", cpu: 1),
        ]);

        Assert.Equal("usage u-2: end is not after start", Only(Errors(scenario), BillingErrorKind.EndNotAfterStart));
    }

    [Fact]
    public void Two_cards_of_one_tier_starting_at_the_same_instant_are_refused()
    {
        var scenario = Scenario(cards: [MemberCard(), NonMemberCard(), MemberCard("2026-01-01T00:00:00+09:00")]);

        Assert.Equal(
            "rateCards[2] (tier member): another card of this tier also takes effect at 2026-01-01T00:00:00+09:00",
            Only(Errors(scenario), BillingErrorKind.DuplicateRateCard));
    }

    [Fact]
    public void Every_error_is_collected_not_only_the_first()
    {
        var scenario = Scenario(
            cards: [Card(Tier.Member, "2026-01-01T00:00:00+09:00", -30, 4, 1200)],
            memberships: [Member("m-001"), Member("m-001", Tier.NonMember, "2026-03-01T00:00:00+09:00")],
            usage:
            [
                Use("u-1", "m-001", "2026-11-03T10:00:00+09:00", "2026-11-03T09:00:00+09:00", cpu: 1),
                Use("u-2", "m-002", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: -1),
                Use("u-2", "m-002", "2026-11-03T09:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1),
            ],
            credits: [new Credit("m-001", November, -1, "x")]);

        var errors = Errors(scenario);

        Assert.Equal(
            [
                BillingErrorKind.NegativeRate, BillingErrorKind.OverlappingMemberships, BillingErrorKind.EndNotAfterStart,
                BillingErrorKind.NegativeAmount, BillingErrorKind.NoMembership, BillingErrorKind.DuplicateUsageId,
                BillingErrorKind.NoMembership, BillingErrorKind.NegativeAmount,
            ],
            errors.Select(e => e.Kind));
        Assert.All(errors, e => Assert.StartsWith(e.Record, e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Error_codes_are_stable_strings()
    {
        Assert.Equal("billing.usage_end_not_after_start", BillingErrorKind.EndNotAfterStart.ToCode());
        Assert.Equal("billing.no_rate_card", new BillingError(BillingErrorKind.NoRateCard, "usage u-1", "x").Code);
        Assert.All(Enum.GetValues<BillingErrorKind>(), kind => Assert.StartsWith("billing.", kind.ToCode(), StringComparison.Ordinal));
    }
}
