namespace Sandbox.Orchestrator.Billing;

/// <summary>A rate card version as the API shows and accepts it.</summary>
internal sealed record RateCardView(string Tier, string EffectiveFrom, RatesView KrwPerHour, string? CreatedBy = null, DateTimeOffset? CreatedAt = null);

/// <summary>KRW per hour of each resource.</summary>
internal sealed record RatesView(decimal Cpu, decimal MemoryGiB, decimal Gpu);

/// <summary>A request for a new rate card version.</summary>
internal sealed record NewRateCard(string? Tier, string? EffectiveFrom, RatesView? KrwPerHour);
