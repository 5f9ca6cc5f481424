namespace Sandbox.Quotas;

/// <summary>Adds one usage record's fragments to the line sums. Uncovered parts cannot occur: validation refused them.</summary>
internal struct RatingSink(LineSums sums, int member, ResourceAmounts amounts) : IFragmentSink
{
    public readonly void Add(int cardIndex, long start, long end) => sums.Add(member, cardIndex, amounts, end - start);

    public readonly void NoMembership(long start, long end)
    {
    }

    public readonly void NoRateCard(Tier tier, long start, long end)
    {
    }
}
