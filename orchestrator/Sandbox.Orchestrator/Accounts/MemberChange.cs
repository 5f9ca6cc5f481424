using System.Text.Json;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// <c>PATCH /api/v1/members/{id}</c>: only the fields present change. <c>tierFrom</c> (ISO 8601 with offset, now or
/// later; default now) dates a tier change; <c>monthlyBudgetKrw: null</c> removes the member's own budget.
/// </summary>
internal sealed record MemberChange(string? Tier, string? TierFrom, IReadOnlyList<string>? Roles, JsonElement? MonthlyBudgetKrw);
