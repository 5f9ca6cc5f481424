namespace Sandbox.Billing.Cli;

/// <summary>What the invoice command prints.</summary>
internal enum OutputFormat
{
    Json,
    Csv,
}
