namespace Sandbox.Quotas;

/// <summary>A period during which a member is billed at one tier. A tier change ends one period and starts the next.</summary>
/// <param name="MemberId">The member's id.</param>
/// <param name="Tier">The tier during the period.</param>
/// <param name="From">Start of the period (inclusive).</param>
/// <param name="To">End of the period (exclusive); null is open-ended.</param>
public sealed record Membership(string MemberId, Tier Tier, DateTimeOffset From, DateTimeOffset? To);
