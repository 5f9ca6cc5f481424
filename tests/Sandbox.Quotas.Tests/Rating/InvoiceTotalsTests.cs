using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Rating;

/// <summary>Rules 4 and 5: subtotals, capped credits, totals, which invoices exist and their order.</summary>
public sealed class InvoiceTotalsTests
{
    private static readonly UsageRecord TenHoursOfOneCpu =
        Use("u-1", "m-001", "2026-11-03T00:00:00+09:00", "2026-11-03T10:00:00+09:00", cpu: 1); // 300 KRW

    [Fact]
    public void A_credit_below_the_subtotal_is_taken_off_in_full()
    {
        var invoice = Invoices(Scenario(usage: [TenHoursOfOneCpu], credits: [new Credit("m-001", November, 100, "voucher")])).Invoices.Single();

        Assert.Equal((300m, 100m, 200m), (invoice.SubtotalKrw, invoice.CreditKrw, invoice.TotalKrw));
    }

    [Fact]
    public void Credits_are_capped_at_the_subtotal()
    {
        var invoice = Invoices(Scenario(usage: [TenHoursOfOneCpu], credits: [new Credit("m-001", November, 5000, "voucher")])).Invoices.Single();

        Assert.Equal((300m, 300m, 0m), (invoice.SubtotalKrw, invoice.CreditKrw, invoice.TotalKrw));
    }

    [Fact]
    public void A_members_credits_for_the_month_add_up_and_other_months_and_members_do_not_count()
    {
        Credit[] credits =
        [
            new("m-001", November, 50, "voucher"),
            new("m-001", November, 70, "event"),
            new("m-001", new BillingMonth(2026, 10), 1000, "last month"),
            new("m-002", November, 1000, "someone else"),
        ];

        var invoice = Invoices(Scenario(usage: [TenHoursOfOneCpu], credits: credits)).Invoices.Single();

        Assert.Equal((300m, 120m, 180m), (invoice.SubtotalKrw, invoice.CreditKrw, invoice.TotalKrw));
    }

    [Fact]
    public void Only_members_with_a_line_in_the_month_get_an_invoice()
    {
        var scenario = Scenario(
            memberships: [Member("m-001"), Member("m-002"), Member("m-003")],
            usage: [TenHoursOfOneCpu, Use("u-2", "m-002", "2026-10-03T00:00:00+09:00", "2026-10-03T10:00:00+09:00", cpu: 1)],
            credits: [new Credit("m-003", November, 1000, "voucher without usage")]);

        Assert.Equal(["m-001"], Invoices(scenario).Invoices.Select(i => i.MemberId));
    }

    [Fact]
    public void Invoices_are_ordered_by_member_id_ordinally()
    {
        string[] ids = ["m-2", "m-10", "M-3", "m-1", "멤버"];
        var scenario = Scenario(
            memberships: ids.Select(id => Member(id)),
            usage: ids.Select((id, i) => Use($"u-{i}", id, "2026-11-03T00:00:00+09:00", "2026-11-03T01:00:00+09:00", cpu: 1)));

        Assert.Equal(["M-3", "m-1", "m-10", "m-2", "멤버"], Invoices(scenario).Invoices.Select(i => i.MemberId));
    }

    [Fact]
    public void Lines_are_ordered_by_resource_then_tier_then_rate_card_start()
    {
        // Input order is deliberately the reverse of the expected order.
        var scenario = Scenario(
            cards: [Card(Tier.Member, "2026-11-10T00:00:00+09:00", 31, 5, 1300), NonMemberCard(), MemberCard()],
            memberships:
            [
                Member("m-001", Tier.Member, "2026-11-05T00:00:00+09:00"),
                Member("m-001", Tier.NonMember, "2026-01-01T00:00:00+09:00", "2026-11-05T00:00:00+09:00"),
            ],
            usage:
            [
                Use("u-2", "m-001", "2026-11-12T00:00:00+09:00", "2026-11-12T01:00:00+09:00", cpu: 1, memory: 1, gpu: 1),
                Use("u-1", "m-001", "2026-11-03T00:00:00+09:00", "2026-11-07T00:00:00+09:00", cpu: 1, memory: 1, gpu: 1),
            ]);

        var lines = Invoices(scenario).Invoices.Single().Lines;

        Assert.Equal(
            [
                "cpu member 2026-01-01T00:00:00+09:00", "cpu member 2026-11-10T00:00:00+09:00", "cpu non_member 2026-01-01T00:00:00+09:00",
                "memoryGiB member 2026-01-01T00:00:00+09:00", "memoryGiB member 2026-11-10T00:00:00+09:00", "memoryGiB non_member 2026-01-01T00:00:00+09:00",
                "gpu member 2026-01-01T00:00:00+09:00", "gpu member 2026-11-10T00:00:00+09:00", "gpu non_member 2026-01-01T00:00:00+09:00",
            ],
            lines.Select(l => $"{l.Resource.ToName()} {l.Tier.ToName()} {l.RateEffectiveFrom}"));
    }

    [Fact]
    public void Month_to_date_cost_is_the_subtotal_of_one_members_usage()
    {
        var scenario = Scenario(
            memberships: [Member("m-001"), Member("m-002")],
            usage: [TenHoursOfOneCpu, Use("u-2", "m-002", "2026-11-03T00:00:00+09:00", "2026-11-03T01:00:00+09:00", cpu: 1)],
            credits: [new Credit("m-001", November, 100, "voucher")]);

        var result = BillingEngine.MonthToDate(scenario, "m-001", November);

        var invoice = Assert.Single(result.Run!.Invoices);
        Assert.Equal(("m-001", 300m), (invoice.MemberId, invoice.SubtotalKrw));
    }
}
