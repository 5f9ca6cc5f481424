namespace Sandbox.Quotas;

/// <summary>Every member's periods, found by member id; members are numbered in ordinal id order.</summary>
internal sealed class MembershipTimeline
{
    private readonly Dictionary<string, MemberPeriods> _byMember;

    public MembershipTimeline(IReadOnlyList<Membership> memberships)
    {
        var groups = memberships
            .GroupBy(m => m.MemberId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToArray();
        Members = groups.Select((g, index) => new MemberPeriods(index, g.Key, g)).ToArray();
        _byMember = Members.ToDictionary(p => p.MemberId, StringComparer.Ordinal);
    }

    /// <summary>Members in ordinal id order; a member's index is its position here.</summary>
    public IReadOnlyList<MemberPeriods> Members { get; }

    public MemberPeriods? Find(string memberId) => _byMember.GetValueOrDefault(memberId);
}
