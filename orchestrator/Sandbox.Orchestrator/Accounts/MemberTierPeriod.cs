namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// One effective-dated period of a member's tier. Periods of a member never overlap; a tier change closes the
/// open period and opens a new one, so the history is kept for billing.
/// </summary>
internal sealed class MemberTierPeriod
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The member.</summary>
    public string MemberId { get; set; } = "";

    /// <summary><c>member</c> or <c>non_member</c>.</summary>
    public string Tier { get; set; } = "";

    /// <summary>Start, inclusive.</summary>
    public DateTimeOffset From { get; set; }

    /// <summary>End, exclusive; null while open.</summary>
    public DateTimeOffset? To { get; set; }
}
