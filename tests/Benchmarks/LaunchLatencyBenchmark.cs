using System.Diagnostics;
using System.Security.Cryptography;
using Sandbox.Testing;

namespace Benchmarks;

/// <summary>
/// Launch latency: from the launch request to the notebook answering through the proxy, beside the floor measured in
/// the same run (the same image and confinement started straight on the engine until Jupyter answers).
/// One at a time (alternating floor and Sandbox), then N at once.
/// </summary>
internal static class LaunchLatencyBenchmark
{
    // Both paths are polled alike; a client polling faster mostly measures the cost of its own polling.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private static Task PollAsync(HttpClient http, Uri uri) => HttpPolling.UntilOkAsync(http, uri, PollInterval, TimeSpan.FromSeconds(120));

    public static async Task RunAsync(OrchestratorProcess orchestrator, SandboxApi admin, int rounds, IReadOnlyList<int> concurrency)
    {
        // Concurrent launches come from different analysts, as in the analysis room (one member's launches are admitted one at a time).
        var analysts = new List<SandboxApi>();
        for (var i = 0; i < concurrency.DefaultIfEmpty(1).Max(); i++)
        {
            analysts.Add((await admin.CreateMemberAsync($"bench-{i}")).Api);
        }

        var analyst = analysts[0];
        // 0. Warm up both paths (first network use, page cache) and let the orchestrator reach steady state: a freshly
        //    started .NET process spends seconds of CPU re-compiling its hot paths at higher tiers (measured: 6 of 11
        //    CPU-seconds of the first 20-at-once round went to the tiered JIT), which a server that runs for days does once.
        //    The orchestrator's first session creates the network the floor's containers join, so it goes first.
        var warmUp = concurrency.DefaultIfEmpty(1).Max();
        var network = orchestrator.NetworkStem + "-none";
        await SandboxAsync([analyst], orchestrator);
        await FloorAsync(1, network);
        await FloorAsync(warmUp, network);
        await SandboxAsync(analysts.Take(warmUp).ToList(), orchestrator);

        var floor = new List<double>();
        var sandbox = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            floor.AddRange(await FloorAsync(1, network));
            sandbox.AddRange(await SandboxAsync([analyst], orchestrator));
        }

        Report.Line($"| 1 at a time ({rounds} runs) | floor p50 {Stats.P(floor, 50):0} ms, p90 {Stats.P(floor, 90):0} ms | Sandbox p50 {Stats.P(sandbox, 50):0} ms, p90 {Stats.P(sandbox, 90):0} ms | p50 +{Stats.P(sandbox, 50) - Stats.P(floor, 50):0} ms |");

        // N at once, twice each, alternated: this machine's speed drifts between phases, so compare like with like.
        foreach (var n in concurrency)
        {
            var f = new List<double>();
            var s = new List<double>();
            var cpu = TimeSpan.Zero;
            for (var repeat = 0; repeat < 2; repeat++)
            {
                f.AddRange(await FloorAsync(n, network));
                var before = orchestrator.CpuTime();
                s.AddRange(await SandboxAsync(analysts.Take(n).ToList(), orchestrator));
                cpu += orchestrator.CpuTime() - before;
            }

            cpu /= 2;
            Report.Line($"| {n} at once | floor p50 {Stats.P(f, 50):0} ms, max {f.Max():0} ms | Sandbox p50 {Stats.P(s, 50):0} ms, max {s.Max():0} ms | p50 x{Stats.P(s, 50) / Stats.P(f, 50):0.00}, max x{s.Max() / f.Max():0.00} | orchestrator CPU {cpu.TotalSeconds:0.0} s per round |");
        }
    }

    private static async Task<List<double>> FloorAsync(int n, string network)
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, n).Select(async _ =>
        {
            var name = "sandbox-floor-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var watch = Stopwatch.StartNew();
            var (id, address) = await DockerEngine.RunNotebookAsync(name, "sandbox/python-notebook:1", network, token, "/s/floor/");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            http.DefaultRequestHeaders.Authorization = new("token", token);
            await PollAsync(http, new Uri($"http://{address}:8888/s/floor/api/status"));
            var elapsed = watch.Elapsed.TotalMilliseconds;
            return (id, elapsed);
        }));
        await Task.WhenAll(runs.Select(r => DockerEngine.RemoveContainerAsync(r.id)));
        return runs.Select(r => r.elapsed).ToList();
    }

    private static async Task<List<double>> SandboxAsync(IReadOnlyList<SandboxApi> analysts, OrchestratorProcess orchestrator)
    {
        var runs = await Task.WhenAll(analysts.Select(async analyst =>
        {
            var watch = Stopwatch.StartNew();
            var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
            await PollAsync(analyst.Http, new Uri(orchestrator.BaseAddress, $"/s/{id}/api/status"));
            return (analyst, id, elapsed: watch.Elapsed.TotalMilliseconds);
        }));
        foreach (var (analyst, id, _) in runs)
        {
            (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        }

        foreach (var (analyst, id, _) in runs)
        {
            await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
        }

        return runs.Select(r => r.elapsed).ToList();
    }
}
