namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>
/// One issued version of a month's invoices (table <c>issued_invoices</c>): the run exactly as the API returned it when it
/// was issued. Versions are never changed or deleted; a re-issue adds the next version, so older ones stay for audit.
/// </summary>
internal sealed class IssuedInvoiceRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The billing month, <c>YYYY-MM</c>. Unique together with <see cref="Version"/>.</summary>
    public string Month { get; set; } = "";

    /// <summary>1 for the scheduled issue, then one more per re-issue.</summary>
    public int Version { get; set; }

    /// <summary>When it was issued.</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>Who issued it: <see cref="InvoiceIssuer.Scheduler"/> or the member id of the billing staff who re-issued it.</summary>
    public string IssuedBy { get; set; } = "";

    /// <summary>The run as the contract's JSON, byte for byte what <c>GET /api/v1/invoices</c> returns for it.</summary>
    public string Json { get; set; } = "";

    /// <summary>The same run as the contract's CSV, for <c>Accept: text/csv</c>.</summary>
    public string Csv { get; set; } = "";
}
