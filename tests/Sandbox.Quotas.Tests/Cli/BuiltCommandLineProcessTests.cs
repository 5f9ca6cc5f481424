using System.Diagnostics;

namespace Sandbox.Quotas.Tests.Cli;

/// <summary>The built <c>sandbox-billing</c> executable run as a real process: stdout bytes, exit codes, stderr.</summary>
public sealed class BuiltCommandLineProcessTests
{
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "Golden");

    [Fact]
    public async Task A_valid_scenario_prints_the_golden_json_and_exits_0()
    {
        var folder = Path.Combine(Golden, "tier-and-rate-changes");

        var (exitCode, stdout, stderr) = await RunAsync("invoice", "--input", Path.Combine(folder, "input.json"), "--month", "2026-11");

        Assert.Equal((0, ""), (exitCode, stderr));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(folder, "expected.json")), stdout);
    }

    [Fact]
    public async Task Invalid_input_exits_2_with_nothing_on_stdout_and_the_records_on_stderr()
    {
        var (exitCode, stdout, stderr) = await RunAsync("invoice", "--input", Path.Combine(Golden, "invalid-records", "input.json"), "--month", "2026-11");

        Assert.Equal((2, ""), (exitCode, stdout));
        Assert.Contains("usage u-7: end is not after start", stderr, StringComparison.Ordinal);
        Assert.Contains("rateCards[1] (tier platinum): unknown tier 'platinum'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_exits_2_with_the_usage()
    {
        var (exitCode, stdout, stderr) = await RunAsync("refund");

        Assert.Equal((2, ""), (exitCode, stdout));
        Assert.Contains("unknown command 'refund'", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        // The referenced executable is copied next to the tests; run its dll with the same host that runs them.
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.Ordinal))
        {
            start.FileName = "dotnet";
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sandbox-billing.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
