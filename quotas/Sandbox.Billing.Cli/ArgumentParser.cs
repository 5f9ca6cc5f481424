using Sandbox.Quotas;

namespace Sandbox.Billing.Cli;

/// <summary>
/// Hand-written parsing of one command with three flags; a command-line library would outweigh it.
/// Accepts <c>--flag value</c> and <c>--flag=value</c>.
/// </summary>
internal static class ArgumentParser
{
    public static ParsedArguments Parse(IReadOnlyList<string> args)
    {
        // 1. Help anywhere wins, so `invoice --month x --help` explains rather than complains.
        if (args.Count == 0)
        {
            return Fail("no command given");
        }

        if (args.Any(a => a is "--help" or "-h" or "help"))
        {
            return new ParsedArguments(null, true, null);
        }

        if (args[0] != "invoice")
        {
            return Fail($"unknown command '{args[0]}'");
        }

        // 2. Flags and their values.
        string? input = null;
        string? month = null;
        string? format = null;
        for (var i = 1; i < args.Count; i++)
        {
            var (flag, value) = SplitFlag(args[i]);
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    return Fail($"{flag} needs a value");
                }

                value = args[++i];
            }

            switch (flag)
            {
                case "--input":
                    input = value;
                    break;
                case "--month":
                    month = value;
                    break;
                case "--format":
                    format = value;
                    break;
                default:
                    return Fail($"unknown option '{flag}'");
            }
        }

        // 3. Required flags and their shapes.
        if (input is null)
        {
            return Fail("--input FILE is required");
        }

        if (month is null)
        {
            return Fail("--month YYYY-MM is required");
        }

        if (!BillingMonth.TryParse(month, out var billingMonth))
        {
            return Fail($"--month '{month}' is not YYYY-MM");
        }

        OutputFormat? outputFormat = format switch
        {
            null or "json" => OutputFormat.Json,
            "csv" => OutputFormat.Csv,
            _ => null,
        };
        if (outputFormat is not { } chosen)
        {
            return Fail($"--format '{format}' is not json or csv");
        }

        return new ParsedArguments(new InvoiceOptions(input, billingMonth, chosen), false, null);
    }

    private static (string Flag, string? Value) SplitFlag(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return argument.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (argument[..equals], argument[(equals + 1)..])
            : (argument, null);
    }

    private static ParsedArguments Fail(string error) => new(null, false, error);
}
