namespace Sandbox.Billing.Cli;

/// <summary>What the command line asked for: an invoice run, help, or nothing valid (with why).</summary>
internal sealed record ParsedArguments(InvoiceOptions? Invoice, bool HelpRequested, string? Error);
