namespace Sandbox.Quotas;

/// <summary>The wire names of <see cref="Tier"/>; the enum's order is also the invoice line order.</summary>
public static class TierNames
{
    public const string Member = "member";
    public const string NonMember = "non_member";

    public static string ToName(this Tier tier) => tier switch
    {
        Tier.Member => Member,
        Tier.NonMember => NonMember,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown tier."),
    };

    /// <summary>Parses a wire name exactly (case-sensitive: the contract names two spellings and no others).</summary>
    public static bool TryParse(string? name, out Tier tier)
    {
        switch (name)
        {
            case Member:
                tier = Tier.Member;
                return true;
            case NonMember:
                tier = Tier.NonMember;
                return true;
            default:
                tier = default;
                return false;
        }
    }
}
