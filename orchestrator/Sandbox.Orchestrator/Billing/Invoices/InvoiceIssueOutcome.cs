using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>The result of an issue or re-issue: the status, the version stored (when one was), or the engine's errors.</summary>
internal sealed record InvoiceIssueOutcome(InvoiceIssueStatus Status, IssuedInvoiceRecord? Issued, IReadOnlyList<BillingError> Errors)
{
    public static InvoiceIssueOutcome Of(InvoiceIssueStatus status) => new(status, null, []);

    public static InvoiceIssueOutcome Stored(IssuedInvoiceRecord issued) => new(InvoiceIssueStatus.Issued, issued, []);

    public static InvoiceIssueOutcome Refused(IReadOnlyList<BillingError> errors) => new(InvoiceIssueStatus.InvalidData, null, errors);
}
