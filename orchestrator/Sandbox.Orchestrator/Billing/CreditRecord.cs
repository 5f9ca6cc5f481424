namespace Sandbox.Orchestrator.Billing;

/// <summary>A credit (for example a data voucher) granted to a member for one month.</summary>
internal sealed class CreditRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The member.</summary>
    public string MemberId { get; set; } = "";

    /// <summary>The billing month, <c>YYYY-MM</c>.</summary>
    public string Month { get; set; } = "";

    /// <summary>Amount in KRW.</summary>
    public decimal Krw { get; set; }

    /// <summary>Why it was granted.</summary>
    public string Reason { get; set; } = "";

    /// <summary>Who granted it.</summary>
    public string CreatedBy { get; set; } = "";

    /// <summary>When it was granted.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
