using System.Text;
using Sandbox.Quotas;

namespace Sandbox.Billing.Cli;

/// <summary>
/// <c>sandbox-billing invoice --input FILE --month YYYY-MM</c>: the month's invoices on stdout, byte for byte
/// what the API returns. Exit codes: 0 printed; 2 invalid input or usage (then nothing on stdout).
/// </summary>
internal static class BillingCommandLine
{
    public const int Success = 0;
    public const int InvalidInputOrUsage = 2;

    public const string Usage = """
        Usage: sandbox-billing invoice --input FILE --month YYYY-MM [--format json|csv]

        Prints the month's invoices for the scenario FILE (shared/contracts/billing.md) on stdout.
          --input FILE      scenario JSON: timeZone, rateCards, memberships, usage, credits
          --month YYYY-MM   calendar month in the scenario's time zone (default Asia/Seoul)
          --format FORMAT   json (default, the contract's shape) or csv (the same numbers)
          --help, -h        show this help

        Exit codes: 0 invoices printed; 2 invalid input or usage (nothing on stdout, the reasons on stderr).
        """;

    public static int Run(IReadOnlyList<string> args, Stream stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        // 1. Arguments.
        var parsed = ArgumentParser.Parse(args);
        if (parsed.HelpRequested)
        {
            stdout.Write(Encoding.UTF8.GetBytes(Usage + "\n"));
            return Success;
        }

        if (parsed.Invoice is not { } options)
        {
            stderr.WriteLine($"sandbox-billing: {parsed.Error}");
            stderr.WriteLine(Usage);
            return InvalidInputOrUsage;
        }

        // 2. Read, validate and rate; any error stops before a byte reaches stdout.
        var outcome = Compute(options);
        if (outcome.Run is not { } run)
        {
            stderr.WriteLine($"sandbox-billing: invalid input {options.InputPath}: {outcome.Errors.Count} error(s)");
            foreach (var error in outcome.Errors)
            {
                stderr.WriteLine($"  {error}");
            }

            return InvalidInputOrUsage;
        }

        // 3. Render completely in memory first, so a failure cannot leave half an output behind.
        var output = options.Format == OutputFormat.Csv
            ? Encoding.UTF8.GetBytes(InvoiceCsv.ToCsvString(run))
            : InvoiceJson.ToUtf8Bytes(run);
        stdout.Write(output);
        stdout.Flush();
        return Success;
    }

    private static InvoiceRunResult Compute(InvoiceOptions options)
    {
        ScenarioReadResult read;
        try
        {
            using var input = File.OpenRead(options.InputPath);
            read = BillingScenarioJson.Read(input);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return InvoiceRunResult.Failure([new BillingError(BillingErrorKind.MalformedInput, "input", $"cannot read {options.InputPath}: {e.Message}")]);
        }

        if (read.Scenario is not { } scenario)
        {
            return InvoiceRunResult.Failure(read.Errors);
        }

        // Records that could not be read are missing, so coverage would report spurious gaps: check the rest.
        return read.Errors.Count > 0
            ? InvoiceRunResult.Failure([.. read.Errors, .. ScenarioValidator.Validate(scenario, checkCoverage: false)])
            : BillingEngine.Run(scenario, options.Month);
    }
}
