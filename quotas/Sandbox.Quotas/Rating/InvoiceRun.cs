namespace Sandbox.Quotas;

/// <summary>All invoices of one month, ordered by member id (ordinal).</summary>
public sealed record InvoiceRun(BillingMonth Month, IReadOnlyList<Invoice> Invoices);
