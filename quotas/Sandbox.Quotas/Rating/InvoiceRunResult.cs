namespace Sandbox.Quotas;

/// <summary>Either the month's invoices, or every error that made the input invalid (and then no invoices at all).</summary>
public sealed record InvoiceRunResult(InvoiceRun? Run, IReadOnlyList<BillingError> Errors)
{
    public bool IsValid => Run is not null;

    public static InvoiceRunResult Success(InvoiceRun run) => new(run, []);

    public static InvoiceRunResult Failure(IReadOnlyList<BillingError> errors) => new(null, errors);
}
