using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;

namespace Benchmarks;

/// <summary>
/// Small notebook API calls (<c>api/status</c>) straight to a session's container and through the running orchestrator
/// (bearer authentication, access check, forwarder), in alternating wrk rounds of the same run.
/// </summary>
internal static class ProxyThroughputBenchmark
{
    public static async Task RunAsync(OrchestratorProcess orchestrator, SandboxApi analyst, int rounds = 5, int seconds = 10, int connections = 16)
    {
        // 1. A running notebook, and what a direct client needs: its address and token (read from the engine).
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(120), "running");
        var container = (await DockerEngine.ContainersAsync($"{orchestrator.LabelPrefix}session={id}")).Single();
        var (address, token) = await DockerEngine.NotebookAddressAsync(container.Name);
        var direct = new Uri($"http://{address}:8888/s/{id}/api/status");
        var proxied = new Uri(orchestrator.BaseAddress, $"/s/{id}/api/status");
        var directHeaders = new Dictionary<string, string> { ["Authorization"] = $"token {token}" };
        var proxiedHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {analyst.Token}" };

        // 2. Warm up both, then alternate. The orchestrator is first driven hard for a while: a profile of the first
        //    half minute of proxying showed a third of its CPU in the tiered JIT re-compiling hot paths, which a server
        //    that runs for days pays once.
        await WrkRun.RunAsync(proxied, proxiedHeaders, 2, 16, 20);
        await WrkRun.RunAsync(direct, directHeaders, Math.Min(2, connections), connections, 10);
        await WrkRun.RunAsync(proxied, proxiedHeaders, Math.Min(2, connections), connections, 10);
        var d = new List<WrkRun>();
        var p = new List<WrkRun>();
        for (var round = 0; round < rounds; round++)
        {
            d.Add(await WrkRun.RunAsync(direct, directHeaders, Math.Min(2, connections), connections, seconds));
            p.Add(await WrkRun.RunAsync(proxied, proxiedHeaders, Math.Min(2, connections), connections, seconds));
        }

        var directRps = Stats.P(d.Select(r => r.RequestsPerSecond).ToList(), 50);
        var proxiedRps = Stats.P(p.Select(r => r.RequestsPerSecond).ToList(), 50);
        var directP99 = Stats.P(d.Select(r => r.P99Milliseconds).ToList(), 50);
        var proxiedP99 = Stats.P(p.Select(r => r.P99Milliseconds).ToList(), 50);
        Report.Line($"| api/status, wrk -t{Math.Min(2, connections)} -c{connections}, {rounds} x {seconds} s alternated | direct {directRps:0} req/s, p99 {directP99:0.00} ms | through the orchestrator {proxiedRps:0} req/s, p99 {proxiedP99:0.00} ms | {proxiedRps / directRps:P0} of direct, p99 {proxiedP99 - directP99:+0.00;-0.00} ms | non-2xx {d.Sum(r => r.Non2xx)}/{p.Sum(r => r.Non2xx)} |");

        (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
    }
}
