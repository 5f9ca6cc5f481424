namespace Sandbox.Quotas;

/// <summary>
/// Remembers the first part of a usage record without a membership and the first without a rate card; when
/// given line sums, also adds the fragments inside the rated month to them, so one walk over a million records
/// both validates and rates.
/// </summary>
internal struct CoverageSink(LineSums? sums, long monthStart, long monthEnd, int member, ResourceAmounts amounts) : IFragmentSink
{
    public (long Start, long End)? FirstWithoutMembership;
    public (Tier Tier, long Start, long End)? FirstWithoutRateCard;

    public readonly void Add(int cardIndex, long start, long end)
    {
        // Rule 1's month boundaries split by clipping: fragments of other months are not this run's.
        var clippedStart = Math.Max(start, monthStart);
        var clippedEnd = Math.Min(end, monthEnd);
        if (sums is not null && clippedEnd > clippedStart)
        {
            sums.Add(member, cardIndex, amounts, clippedEnd - clippedStart);
        }
    }

    public void NoMembership(long start, long end) => FirstWithoutMembership ??= (start, end);

    public void NoRateCard(Tier tier, long start, long end) => FirstWithoutRateCard ??= (tier, start, end);
}
