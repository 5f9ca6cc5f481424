namespace Sandbox.Orchestrator.Budget;

/// <summary>A member's spending this billing month (<paramref name="Month"/> as <c>YYYY-MM</c>) against their budget, in KRW.</summary>
internal sealed record MemberSpend(string Month, decimal MonthToDateKrw, decimal MonthlyBudgetKrw);
