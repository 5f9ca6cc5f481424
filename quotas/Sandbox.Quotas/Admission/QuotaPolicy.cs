namespace Sandbox.Quotas;

/// <summary>The limits of one tier.</summary>
/// <param name="MaxConcurrentSessions">Sessions a member may hold at once (any not yet stopped or failed).</param>
/// <param name="AllowedSizes">Size ids a member may launch; null allows every size.</param>
/// <param name="AllowedProfiles">Profile ids a member may launch; null allows every profile.</param>
/// <param name="MonthlyBudgetKrw">KRW a member may spend in a calendar month, unless overridden per member.</param>
public sealed record QuotaPolicy(
    int MaxConcurrentSessions,
    IReadOnlySet<string>? AllowedSizes,
    IReadOnlySet<string>? AllowedProfiles,
    decimal MonthlyBudgetKrw)
{
    public bool AllowsSize(string sizeId) => AllowedSizes is null || AllowedSizes.Contains(sizeId);

    public bool AllowsProfile(string profileId) => AllowedProfiles is null || AllowedProfiles.Contains(profileId);
}
