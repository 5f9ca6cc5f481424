using System.Text;
using Sandbox.Billing.Cli;

namespace Sandbox.Quotas.Tests.Cli;

/// <summary>Runs the command line in process, as its Program does, capturing stdout bytes and stderr text.</summary>
internal static class CommandLineRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var exitCode = BillingCommandLine.Run(args, stdout, stderr);
        return (exitCode, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }
}
