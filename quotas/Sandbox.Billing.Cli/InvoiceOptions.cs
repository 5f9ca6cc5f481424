using Sandbox.Quotas;

namespace Sandbox.Billing.Cli;

/// <summary>The arguments of <c>sandbox-billing invoice</c>.</summary>
/// <param name="InputPath">The scenario file.</param>
/// <param name="Month">The month to invoice.</param>
/// <param name="Format">JSON (the contract's shape) or CSV (the same numbers).</param>
internal sealed record InvoiceOptions(string InputPath, BillingMonth Month, OutputFormat Format);
