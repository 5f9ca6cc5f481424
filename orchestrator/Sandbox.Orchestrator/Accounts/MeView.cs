namespace Sandbox.Orchestrator.Accounts;

/// <summary>The signed-in caller as <c>GET /api/v1/me</c> shows them.</summary>
/// <param name="Id">Member id.</param>
/// <param name="Email">Sign-in e-mail.</param>
/// <param name="DisplayName">Name people see.</param>
/// <param name="Tier">Tier in force now.</param>
/// <param name="Roles">The roles the caller's credentials carry now, besides analyst (which every account is).</param>
/// <param name="MonthlyBudgetKrw">Per-member budget override, if any.</param>
internal sealed record MeView(string Id, string Email, string DisplayName, string Tier, IReadOnlyList<string> Roles, long? MonthlyBudgetKrw);
