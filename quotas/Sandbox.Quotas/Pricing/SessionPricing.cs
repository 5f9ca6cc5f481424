namespace Sandbox.Quotas;

/// <summary>Prices before launch: what a size costs an hour, and what a session would cost, at a tier.</summary>
public static class SessionPricing
{
    /// <summary>
    /// KRW an hour of <paramref name="resources"/> costs at <paramref name="tier"/> under the card in force at
    /// <paramref name="at"/>, exact (round with <see cref="KrwRounding.ToWholeKrw"/> to show it); null when no card is in force.
    /// </summary>
    public static decimal? HourlyPriceKrw(ResourceAmounts resources, Tier tier, DateTimeOffset at, IReadOnlyList<RateCard> rateCards)
    {
        ArgumentNullException.ThrowIfNull(rateCards);
        return CardInForce(tier, at, rateCards) is { } card ? PerHour(resources, card.KrwPerHour) : null;
    }

    /// <summary>
    /// What a session of <paramref name="resources"/> from <paramref name="start"/> for <paramref name="duration"/>
    /// would cost at <paramref name="tier"/>, exact, following rate card changes inside the interval and
    /// measuring time in whole milliseconds like the invoices. Null when some part of it has no card in force.
    /// </summary>
    public static decimal? ProjectedCostKrw(
        ResourceAmounts resources,
        Tier tier,
        DateTimeOffset start,
        TimeSpan duration,
        IReadOnlyList<RateCard> rateCards)
    {
        ArgumentNullException.ThrowIfNull(rateCards);
        if (duration <= TimeSpan.Zero)
        {
            return 0m;
        }

        var sink = new CostSink(rateCards, resources);
        var startMs = Milliseconds.Of(start);
        new RateCardTimeline(rateCards).Split(tier, startMs, Milliseconds.Of(start + duration), ref sink);
        return sink.Uncovered ? null : sink.AmountTimesMilliseconds / Milliseconds.PerHour;
    }

    private static RateCard? CardInForce(Tier tier, DateTimeOffset at, IReadOnlyList<RateCard> rateCards)
    {
        RateCard? inForce = null;
        foreach (var card in rateCards)
        {
            if (card.Tier == tier && card.EffectiveFrom <= at && (inForce is null || card.EffectiveFrom >= inForce.EffectiveFrom))
            {
                inForce = card;
            }
        }

        return inForce;
    }

    private static decimal PerHour(ResourceAmounts resources, ResourceAmounts rates) =>
        (resources.Cpu * rates.Cpu) + (resources.MemoryGiB * rates.MemoryGiB) + (resources.Gpu * rates.Gpu);

    /// <summary>Adds up amount x rate x milliseconds over the pieces of the projected interval.</summary>
    private struct CostSink(IReadOnlyList<RateCard> cards, ResourceAmounts resources) : IFragmentSink
    {
        public decimal AmountTimesMilliseconds { get; private set; }

        public bool Uncovered { get; private set; }

        public void Add(int cardIndex, long start, long end) =>
            AmountTimesMilliseconds += PerHour(resources, cards[cardIndex].KrwPerHour) * (end - start);

        public void NoMembership(long start, long end) => Uncovered = true;

        public void NoRateCard(Tier tier, long start, long end) => Uncovered = true;
    }
}
