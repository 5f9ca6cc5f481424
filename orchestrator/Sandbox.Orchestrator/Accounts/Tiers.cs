namespace Sandbox.Orchestrator.Accounts;

/// <summary>Membership tiers, as the API and billing spell them.</summary>
internal static class Tiers
{
    /// <summary>Cooperative members, billed at cost.</summary>
    public const string Member = "member";

    /// <summary>Everyone else, billed at the higher rate.</summary>
    public const string NonMember = "non_member";

    /// <summary>Whether a string is a known tier.</summary>
    public static bool IsKnown(string? tier) => tier is Member or NonMember;

    /// <summary>The billing engine's tier for a stored tier name (anything but <c>member</c> pays the non-member rate).</summary>
    public static Sandbox.Quotas.Tier ToTier(string tier) => tier == Member ? Sandbox.Quotas.Tier.Member : Sandbox.Quotas.Tier.NonMember;
}
