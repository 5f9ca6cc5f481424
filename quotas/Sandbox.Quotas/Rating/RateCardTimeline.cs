namespace Sandbox.Quotas;

/// <summary>
/// Each tier's rate cards sorted by start, so the card in force at an instant is one binary search away.
/// Every card also gets a run-wide index, which keys the line accumulators.
/// </summary>
internal sealed class RateCardTimeline
{
    private readonly long[][] _starts;
    private readonly int[][] _cardIndexes;

    public RateCardTimeline(IReadOnlyList<RateCard> cards)
    {
        Cards = cards;
        var tierCount = Enum.GetValues<Tier>().Length;
        _starts = new long[tierCount][];
        _cardIndexes = new int[tierCount][];
        for (var tier = 0; tier < tierCount; tier++)
        {
            // Stable order: equal starts (an input error reported elsewhere) keep input order.
            var indexes = Enumerable.Range(0, cards.Count)
                .Where(i => (int)cards[i].Tier == tier)
                .OrderBy(i => Milliseconds.Of(cards[i].EffectiveFrom))
                .ThenBy(i => i)
                .ToArray();
            _cardIndexes[tier] = indexes;
            _starts[tier] = indexes.Select(i => Milliseconds.Of(cards[i].EffectiveFrom)).ToArray();
        }
    }

    public IReadOnlyList<RateCard> Cards { get; }

    /// <summary>
    /// Calls <paramref name="sink"/> for each piece of [start, end) under one card of <paramref name="tier"/>,
    /// and reports the part before the tier's first card as uncovered.
    /// </summary>
    public void Split<TSink>(Tier tier, long start, long end, ref TSink sink)
        where TSink : struct, IFragmentSink
    {
        var starts = _starts[(int)tier];
        var indexes = _cardIndexes[(int)tier];

        // 1. Find the card in force at start: the last one starting at or before it.
        var position = Array.BinarySearch(starts, start);
        if (position < 0)
        {
            position = ~position - 1;
        }
        else
        {
            // Several cards may share a start (an input error); the last one wins, deterministically.
            while (position + 1 < starts.Length && starts[position + 1] == start)
            {
                position++;
            }
        }

        // 2. Before the first card nothing is in force.
        var cursor = start;
        if (position < 0)
        {
            var firstStart = starts.Length == 0 ? end : Math.Min(starts[0], end);
            sink.NoRateCard(tier, cursor, firstStart);
            cursor = firstStart;
            position = 0;
        }

        // 3. Walk the cards that take effect before end.
        while (cursor < end && position < starts.Length)
        {
            var pieceEnd = position + 1 < starts.Length ? Math.Min(starts[position + 1], end) : end;
            if (pieceEnd > cursor)
            {
                sink.Add(indexes[position], cursor, pieceEnd);
                cursor = pieceEnd;
            }

            position++;
        }
    }
}
