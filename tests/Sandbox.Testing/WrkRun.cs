using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sandbox.Testing;

/// <summary>One wrk run and what it reported: throughput and the 99th latency percentile.</summary>
public sealed partial record WrkRun(double RequestsPerSecond, double P99Milliseconds, long Non2xx, string Output)
{
    public static async Task<WrkRun> RunAsync(Uri url, IReadOnlyDictionary<string, string> headers, int threads, int connections, int durationSeconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { $"-t{threads}", $"-c{connections}", $"-d{durationSeconds}s", "--latency" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in headers)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add($"{name}: {value}");
        }

        start.ArgumentList.Add(url.ToString());
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"wrk could not be started ({e.Message}): install it with apt-get install -y wrk.", e);
        }

        using var _ = process;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {errors}{output}");
        }

        var rps = double.Parse(RequestsPerSecondLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var p99 = P99Line().Match(output);
        var non2xx = Non2xxLine().Match(output);
        return new WrkRun(
            rps,
            ToMilliseconds(double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture), p99.Groups[2].Value),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            output);
    }

    private static double ToMilliseconds(double value, string unit) => unit switch
    {
        "us" => value / 1000,
        "ms" => value,
        "s" => value * 1000,
        _ => throw new FormatException($"Unknown wrk latency unit '{unit}'."),
    };

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecondLine();

    [GeneratedRegex(@"^\s+99%\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline)]
    private static partial Regex P99Line();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)")]
    private static partial Regex Non2xxLine();
}
