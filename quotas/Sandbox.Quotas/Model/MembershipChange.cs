namespace Sandbox.Quotas;

/// <summary>Effective-dated tier changes: a change closes the period in force and opens a new one, so history is kept.</summary>
public static class MembershipChange
{
    /// <summary>
    /// The member's periods after moving it to <paramref name="tier"/> from <paramref name="effectiveFrom"/> on
    /// (open-ended). Periods ending before that instant are kept as they are; the one in force is cut there.
    /// Null when a period starts at or after <paramref name="effectiveFrom"/>: that would rewrite a later decision.
    /// </summary>
    public static IReadOnlyList<Membership>? ChangeTier(
        IReadOnlyList<Membership> periodsOfMember,
        string memberId,
        Tier tier,
        DateTimeOffset effectiveFrom)
    {
        ArgumentNullException.ThrowIfNull(periodsOfMember);
        if (periodsOfMember.Any(p => p.MemberId == memberId && p.From >= effectiveFrom))
        {
            return null;
        }

        var changed = new List<Membership>();
        foreach (var period in periodsOfMember.Where(p => p.MemberId == memberId).OrderBy(p => p.From))
        {
            changed.Add(period.To is null || period.To > effectiveFrom ? period with { To = effectiveFrom } : period);
        }

        changed.Add(new Membership(memberId, tier, effectiveFrom, null));
        return changed;
    }
}
