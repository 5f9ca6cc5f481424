namespace Sandbox.Orchestrator.Accounts;

/// <summary>A member as the API shows it.</summary>
/// <param name="Id">Member id.</param>
/// <param name="Email">Sign-in e-mail.</param>
/// <param name="DisplayName">Name people see.</param>
/// <param name="Tier">Tier in force now.</param>
/// <param name="Roles">Roles besides analyst.</param>
/// <param name="MonthlyBudgetKrw">Per-member budget override, if any.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="TierHistory">Every tier period, oldest first.</param>
/// <param name="DisabledAt">When an admin disabled the account; null while it is enabled.</param>
/// <param name="RemovedAt">When an admin removed the member (e-mail empty, the name a pseudonym); null while a member.</param>
/// <param name="HomeRemovedAt">When a removed member's home was deleted; null until then.</param>
internal sealed record MemberView(
    string Id, string Email, string DisplayName, string Tier, IReadOnlyList<string> Roles, long? MonthlyBudgetKrw,
    DateTimeOffset CreatedAt, IReadOnlyList<TierPeriodView> TierHistory, DateTimeOffset? DisabledAt = null,
    DateTimeOffset? RemovedAt = null, DateTimeOffset? HomeRemovedAt = null);

/// <summary>One tier period.</summary>
internal sealed record TierPeriodView(string Tier, DateTimeOffset From, DateTimeOffset? To);
