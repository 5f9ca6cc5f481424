namespace Sandbox.Orchestrator.Billing;

/// <summary>One version of a tier's rate card. Versions are only ever added; none changes once stored.</summary>
internal sealed class RateCardRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary><c>member</c> or <c>non_member</c>.</summary>
    public string Tier { get; set; } = "";

    /// <summary>When it takes effect; it holds until the next card of the same tier.</summary>
    public DateTimeOffset EffectiveFrom { get; set; }

    /// <summary><see cref="EffectiveFrom"/> as it was given (offset kept), repeated on invoices.</summary>
    public string EffectiveFromText { get; set; } = "";

    /// <summary>KRW per vCPU-hour.</summary>
    public decimal CpuKrwPerHour { get; set; }

    /// <summary>KRW per GiB-hour of memory.</summary>
    public decimal MemoryGiBKrwPerHour { get; set; }

    /// <summary>KRW per GPU-hour.</summary>
    public decimal GpuKrwPerHour { get; set; }

    /// <summary>Who added it (a member id, or <c>system</c> for the defaults).</summary>
    public string CreatedBy { get; set; } = "";

    /// <summary>When it was added.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
