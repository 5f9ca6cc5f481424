namespace Sandbox.Quotas;

// The scenario file as written, before any check: every field optional and times still text, so that
// reading never stops at the first bad record and every error can name its record.
#pragma warning disable CA1812 // Instantiated by the JSON serializer.

internal sealed class ScenarioDocument
{
    public string? TimeZone { get; set; }

    public List<RateCardDocument?>? RateCards { get; set; }

    public List<MembershipDocument?>? Memberships { get; set; }

    /// <summary>Read by <see cref="UsageRecordReader"/>: null entries are records it refused.</summary>
    public List<UsageRecord?>? Usage { get; set; }

    public List<CreditDocument?>? Credits { get; set; }
}

internal sealed class RateCardDocument
{
    public string? Tier { get; set; }

    public string? EffectiveFrom { get; set; }

    public RatesDocument? KrwPerHour { get; set; }
}

internal sealed class RatesDocument
{
    public decimal? Cpu { get; set; }

    public decimal? MemoryGiB { get; set; }

    public decimal? Gpu { get; set; }
}

internal sealed class MembershipDocument
{
    public string? Member { get; set; }

    public string? Tier { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }
}

internal sealed class CreditDocument
{
    public string? Member { get; set; }

    public string? Month { get; set; }

    public decimal? Krw { get; set; }

    public string? Reason { get; set; }
}
