namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>
/// One member's totals in one issued version (table <c>issued_invoice_members</c>), so totals can be queried without
/// parsing the stored JSON. Written in the same transaction as its <see cref="IssuedInvoiceRecord"/>.
/// </summary>
internal sealed class IssuedInvoiceMemberRecord
{
    /// <summary>The billing month, <c>YYYY-MM</c>.</summary>
    public string Month { get; set; } = "";

    /// <summary>The issued version it belongs to.</summary>
    public int Version { get; set; }

    /// <summary>The member billed.</summary>
    public string MemberId { get; set; } = "";

    /// <summary>Sum of the line amounts, whole KRW.</summary>
    public decimal SubtotalKrw { get; set; }

    /// <summary>Credit applied, whole KRW.</summary>
    public decimal CreditKrw { get; set; }

    /// <summary>What the member owes, whole KRW.</summary>
    public decimal TotalKrw { get; set; }

    /// <summary>When the version was issued (repeated from the version, for queries by member).</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>Who issued the version (repeated from the version).</summary>
    public string IssuedBy { get; set; } = "";
}
