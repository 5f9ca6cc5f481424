using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Rating;

/// <summary>Rule 1: usage is split at tier changes, rate card changes and month boundaries in the billing time zone.</summary>
public sealed class SplittingTests
{
    [Fact]
    public void A_tier_change_splits_usage_between_the_two_tiers()
    {
        var scenario = Scenario(
            memberships:
            [
                Member("m-001", Tier.NonMember, "2026-01-01T00:00:00+09:00", "2026-11-03T12:00:00+09:00"),
                Member("m-001", Tier.Member, "2026-11-03T12:00:00+09:00"),
            ],
            usage: [Use("u-1", "m-001", "2026-11-03T10:00:00+09:00", "2026-11-03T13:00:00+09:00", cpu: 1)]);

        var run = Invoices(scenario);

        var member = Line(run, "m-001", Resource.Cpu, Tier.Member);
        var nonMember = Line(run, "m-001", Resource.Cpu, Tier.NonMember);
        Assert.Equal(1m, member.Quantity);
        Assert.Equal(30m, member.AmountKrw);
        Assert.Equal(2m, nonMember.Quantity);
        Assert.Equal(120m, nonMember.AmountKrw);
        Assert.Equal(150m, run.Invoices.Single().SubtotalKrw);
    }

    [Fact]
    public void A_rate_card_change_splits_usage_between_the_two_cards()
    {
        var scenario = Scenario(
            cards: [MemberCard(), Card(Tier.Member, "2026-11-03T12:00:00+09:00", 40, 4, 1200)],
            usage: [Use("u-1", "m-001", "2026-11-03T11:00:00+09:00", "2026-11-03T14:00:00+09:00", cpu: 1)]);

        var lines = Invoices(scenario).Invoices.Single().Lines;

        Assert.Equal(2, lines.Count);
        Assert.Equal(("2026-01-01T00:00:00+09:00", 1m, 30m), (lines[0].RateEffectiveFrom, lines[0].Quantity, lines[0].AmountKrw));
        Assert.Equal(("2026-11-03T12:00:00+09:00", 2m, 80m), (lines[1].RateEffectiveFrom, lines[1].Quantity, lines[1].AmountKrw));
    }

    [Fact]
    public void A_card_of_another_tier_does_not_split_usage()
    {
        var scenario = Scenario(
            cards: [MemberCard(), NonMemberCard(), NonMemberCard("2026-11-03T12:00:00+09:00")],
            usage: [Use("u-1", "m-001", "2026-11-03T11:00:00+09:00", "2026-11-03T14:00:00+09:00", cpu: 1)]);

        var line = Invoices(scenario).Invoices.Single().Lines.Single();

        Assert.Equal(3m, line.Quantity);
    }

    [Fact]
    public void A_month_boundary_in_Seoul_splits_usage_between_the_two_months()
    {
        // 23:00 on 31 October to 01:00 on 1 November, Seoul time.
        var scenario = Scenario(usage: [Use("u-1", "m-001", "2026-10-31T23:00:00+09:00", "2026-11-01T01:00:00+09:00", cpu: 1)]);

        var october = Invoices(scenario, new BillingMonth(2026, 10));
        var november = Invoices(scenario, November);

        Assert.Equal(1m, october.Invoices.Single().Lines.Single().Quantity);
        Assert.Equal(1m, november.Invoices.Single().Lines.Single().Quantity);
    }

    [Fact]
    public void Months_are_Seoul_calendar_months_even_when_UTC_is_still_in_the_previous_month()
    {
        // 16:00 UTC on 31 October is 01:00 on 1 November in Seoul: the whole hour belongs to November.
        var scenario = Scenario(usage: [Use("u-1", "m-001", "2026-10-31T16:00:00Z", "2026-10-31T17:00:00Z", cpu: 1)]);

        Assert.Empty(Invoices(scenario, new BillingMonth(2026, 10)).Invoices);
        Assert.Equal(1m, Invoices(scenario, November).Invoices.Single().Lines.Single().Quantity);
    }

    [Fact]
    public void Another_time_zone_moves_the_month_boundary()
    {
        var usage = Use("u-1", "m-001", "2026-10-31T23:00:00+09:00", "2026-11-01T01:00:00+09:00", cpu: 1);
        var scenario = Scenario(usage: [usage], zone: "UTC");

        // In UTC the whole usage (14:00 to 16:00 on 31 October) is in October.
        Assert.Empty(Invoices(scenario, November).Invoices);
        Assert.Equal(2m, Invoices(scenario, new BillingMonth(2026, 10)).Invoices.Single().Lines.Single().Quantity);
    }

    [Fact]
    public void Usage_spanning_a_whole_month_counts_only_that_months_hours()
    {
        var scenario = Scenario(usage: [Use("u-1", "m-001", "2026-10-15T00:00:00+09:00", "2026-12-15T00:00:00+09:00", cpu: 1)]);

        var line = Invoices(scenario).Invoices.Single().Lines.Single();

        Assert.Equal(30m * 24m, line.Quantity);
    }

    [Fact]
    public void All_three_splits_in_one_record_give_one_line_per_tier_and_card()
    {
        var scenario = Scenario(
            cards: [MemberCard(), NonMemberCard(), Card(Tier.Member, "2026-11-01T06:00:00+09:00", 36, 4, 1200)],
            memberships:
            [
                Member("m-001", Tier.NonMember, "2026-01-01T00:00:00+09:00", "2026-11-01T03:00:00+09:00"),
                Member("m-001", Tier.Member, "2026-11-01T03:00:00+09:00"),
            ],
            usage: [Use("u-1", "m-001", "2026-10-31T22:00:00+09:00", "2026-11-01T10:00:00+09:00", cpu: 2)]);

        var lines = Invoices(scenario).Invoices.Single().Lines;

        // November: 00-03 non-member (3 h), 03-06 member old card (3 h), 06-10 member new card (4 h); 2 vCPUs.
        Assert.Equal(
            [("member", "2026-01-01T00:00:00+09:00", 6m, 180m), ("member", "2026-11-01T06:00:00+09:00", 8m, 288m), ("non_member", "2026-01-01T00:00:00+09:00", 6m, 360m)],
            lines.Select(l => (l.Tier.ToName(), l.RateEffectiveFrom, l.Quantity, l.AmountKrw)).ToArray());
    }
}
