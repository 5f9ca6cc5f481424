namespace Sandbox.Quotas;

/// <summary>Remembers the first part of a usage record without a membership and the first without a rate card.</summary>
internal struct CoverageSink : IFragmentSink
{
    public (long Start, long End)? FirstWithoutMembership;
    public (Tier Tier, long Start, long End)? FirstWithoutRateCard;

    public readonly void Add(int cardIndex, long start, long end)
    {
    }

    public void NoMembership(long start, long end) => FirstWithoutMembership ??= (start, end);

    public void NoRateCard(Tier tier, long start, long end) => FirstWithoutRateCard ??= (tier, start, end);
}
