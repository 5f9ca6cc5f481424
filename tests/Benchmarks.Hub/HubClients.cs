using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sandbox.Testing;

namespace Benchmarks.Hub;

/// <summary>What one run of the clients measured, and what each replica and the client process used meanwhile.</summary>
/// <param name="Result">The clients' final JSON line (clients, deliveries, p50, p90, p99, max, closedDuringRun...).</param>
/// <param name="CpuShare">Each replica's CPU time over the measured window, as a share of one core.</param>
/// <param name="PeakRss">Each replica's peak resident memory during the window, in bytes.</param>
/// <param name="ClientCpuShare">The Node process's CPU time over the window, as a share of one core.</param>
internal sealed record HubRun(JsonElement Result, IReadOnlyList<double> CpuShare, IReadOnlyList<long> PeakRss, double ClientCpuShare);

/// <summary>
/// Runs tests/hub-client/bench/fanout.mjs against one or more replicas (each member's connections spread over them) and
/// samples each replica's CPU and memory while it measures.
/// </summary>
internal static class HubClients
{
    public static async Task<HubRun> RunAsync(IReadOnlyList<OrchestratorProcess> replicas, string tokensFile, int perMember, int seconds)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "hub-client");
        var start = new ProcessStartInfo("node", [Path.Combine(folder, "bench", "fanout.mjs"), .. replicas.Select(r => r.BaseAddress.ToString())])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
        };
        start.Environment["BENCH_TOKENS"] = tokensFile;
        start.Environment["BENCH_PER_MEMBER"] = perMember.ToString(CultureInfo.InvariantCulture);
        start.Environment["BENCH_SECONDS"] = seconds.ToString(CultureInfo.InvariantCulture);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start (run npm ci in tests/hub-client)");
        var peakRss = new long[replicas.Count];
        TimeSpan[]? cpuAtStart = null;
        var nodeCpuAtStart = TimeSpan.Zero;
        var cpu = new double[replicas.Count];
        var nodeCpu = 0.0;
        var sampling = false;
        var window = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (Volatile.Read(ref sampling))
                {
                    for (var i = 0; i < replicas.Count; i++)
                    {
                        peakRss[i] = Math.Max(peakRss[i], replicas[i].ResidentBytes());
                    }
                }

                await Task.Delay(250); // sampling interval of the replicas' memory
            }
        });
        JsonElement? result = null;
        while (await node.StandardOutput.ReadLineAsync() is { } line)
        {
            Console.WriteLine(line);
            var json = JsonDocument.Parse(line).RootElement.Clone();
            switch (json.GetProperty("event").GetString())
            {
                case "measuring":
                    cpuAtStart = [.. replicas.Select(r => r.CpuTime())];
                    nodeCpuAtStart = node.TotalProcessorTime;
                    window.Restart();
                    Volatile.Write(ref sampling, true);
                    break;
                case "window-closed":
                    Volatile.Write(ref sampling, false);
                    var elapsed = window.Elapsed.TotalSeconds;
                    for (var i = 0; i < replicas.Count; i++)
                    {
                        cpu[i] = (replicas[i].CpuTime() - cpuAtStart![i]).TotalSeconds / elapsed;
                    }

                    nodeCpu = (node.TotalProcessorTime - nodeCpuAtStart).TotalSeconds / elapsed;
                    break;
                case "result":
                    result = json;
                    break;
            }
        }

        await stop.CancelAsync();
        await sampler;
        await node.WaitForExitAsync();
        return result is { } r
            ? new HubRun(r, cpu, peakRss, nodeCpu)
            : throw new InvalidOperationException($"The clients reported no result (node exited with {node.ExitCode}).");
    }
}
