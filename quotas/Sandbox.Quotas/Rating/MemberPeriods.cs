namespace Sandbox.Quotas;

/// <summary>One member's membership periods sorted by start, in milliseconds (an open end is <see cref="long.MaxValue"/>).</summary>
internal sealed class MemberPeriods
{
    public MemberPeriods(int memberIndex, string memberId, IEnumerable<Membership> memberships)
    {
        MemberIndex = memberIndex;
        MemberId = memberId;
        var sorted = memberships.OrderBy(m => Milliseconds.Of(m.From)).ToArray();
        From = sorted.Select(m => Milliseconds.Of(m.From)).ToArray();
        To = sorted.Select(m => m.To is { } to ? Milliseconds.Of(to) : long.MaxValue).ToArray();
        Tiers = sorted.Select(m => m.Tier).ToArray();
    }

    public int MemberIndex { get; }

    public string MemberId { get; }

    public long[] From { get; }

    public long[] To { get; }

    public Tier[] Tiers { get; }

    /// <summary>
    /// Splits [start, end) at this member's tier changes and then at rate card changes, reporting the parts
    /// no membership covers. Assumes periods do not overlap (the validator refuses overlaps).
    /// </summary>
    public void Split<TSink>(long start, long end, RateCardTimeline cards, ref TSink sink)
        where TSink : struct, IFragmentSink
    {
        var cursor = start;
        for (var i = 0; i < From.Length && cursor < end; i++)
        {
            if (To[i] <= cursor)
            {
                continue;
            }

            if (From[i] >= end)
            {
                break;
            }

            if (From[i] > cursor)
            {
                sink.NoMembership(cursor, From[i]);
                cursor = From[i];
            }

            var pieceEnd = Math.Min(To[i], end);
            cards.Split(Tiers[i], cursor, pieceEnd, ref sink);
            cursor = pieceEnd;
        }

        if (cursor < end)
        {
            sink.NoMembership(cursor, end);
        }
    }
}
