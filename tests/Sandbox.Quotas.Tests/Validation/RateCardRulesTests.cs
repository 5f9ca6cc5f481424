using Sandbox.Quotas;
using static Sandbox.Quotas.Tests.Support.Scenarios;

namespace Sandbox.Quotas.Tests.Validation;

public sealed class RateCardRulesTests
{
    private static readonly DateTimeOffset Now = At("2026-11-20T12:00:00+09:00");

    [Fact]
    public void A_card_taking_effect_in_the_future_is_accepted()
    {
        Assert.Empty(RateCardRules.ValidateNew([MemberCard()], MemberCard("2026-12-01T00:00:00+09:00"), Now));
    }

    [Fact]
    public void A_card_taking_effect_in_the_past_is_refused_because_history_never_changes()
    {
        var error = Assert.Single(RateCardRules.ValidateNew([MemberCard()], MemberCard("2026-11-01T00:00:00+09:00"), Now));

        Assert.Equal(BillingErrorKind.RateCardInPast, error.Kind);
        Assert.Equal("rate card (tier member, effectiveFrom 2026-11-01T00:00:00+09:00)", error.Record);
    }

    [Fact]
    public void A_card_with_negative_rates_or_at_the_instant_of_an_existing_card_is_refused_with_every_reason()
    {
        var existing = MemberCard("2026-12-01T00:00:00+09:00");
        var candidate = Card(Tier.Member, "2026-12-01T00:00:00+09:00", -1, 4, 1200);

        var errors = RateCardRules.ValidateNew([MemberCard(), existing], candidate, Now);

        Assert.Equal([BillingErrorKind.NegativeRate, BillingErrorKind.DuplicateRateCard], errors.Select(e => e.Kind));
    }
}
