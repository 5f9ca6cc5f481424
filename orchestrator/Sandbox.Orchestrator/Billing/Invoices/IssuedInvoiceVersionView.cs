namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>One issued version of a month, as <c>GET /api/v1/invoices/{month}/versions</c> lists it.</summary>
internal sealed record IssuedInvoiceVersionView(
    string Month, int Version, DateTimeOffset IssuedAt, string IssuedBy, int Invoices, decimal TotalKrw, IReadOnlyList<IssuedInvoiceMemberView> Members);
