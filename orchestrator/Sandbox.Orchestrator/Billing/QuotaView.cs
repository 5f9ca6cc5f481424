namespace Sandbox.Orchestrator.Billing;

/// <summary><c>GET /api/v1/me/quota</c>: what I may launch and what it costs me.</summary>
internal sealed record QuotaView(
    string Tier,
    string Month,
    QuotaLimitsView Limits,
    QuotaUsedView Used,
    decimal MonthToDateKrw,
    decimal RemainingBudgetKrw,
    IReadOnlyList<SizeView> Sizes);

/// <summary>The limits of my tier (and my own budget, if set).</summary>
internal sealed record QuotaLimitsView(int MaxConcurrentSessions, IReadOnlyList<string>? AllowedSizes, IReadOnlyList<string>? AllowedProfiles, decimal MonthlyBudgetKrw);

/// <summary>What I use now.</summary>
internal sealed record QuotaUsedView(int ActiveSessions, decimal ReservedKrw);

/// <summary>A size with its hourly price at the caller's tier (exact KRW; round for display).</summary>
internal sealed record SizeView(string Id, decimal Cpu, decimal MemoryGiB, int Gpu, decimal KrwPerHour, bool Allowed);
