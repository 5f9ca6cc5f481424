namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>One member's totals in an issued version.</summary>
internal sealed record IssuedInvoiceMemberView(string Member, decimal SubtotalKrw, decimal CreditKrw, decimal TotalKrw);
