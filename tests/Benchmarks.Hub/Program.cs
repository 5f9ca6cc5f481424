using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Benchmarks.Hub;
using Sandbox.Testing;

// The hub fan-out benchmark: the real orchestrator (as a process), real members with real bearer tokens, and
// tests/hub-client/bench/fanout.mjs holding every client connection with the official JavaScript client. The
// orchestrator's benchmark load (Sandbox:Live:Benchmark:ChangesPerSecond, off unless configured) publishes synthetic
// session changes into the real feed, so each one takes the whole delivery path: the session's audience, the
// security-stamp check, the connection's outbox, SignalR's JSON over the WebSocket.
// With --replicas N (issue 16): N replicas on PostgreSQL and Redis, compared with one replica of the same installation
// at each of --rates (ReplicaFanOutBenchmark).
var members = Option("--members", 1000);
var perMember = Option("--per-member", 2);
var rate = Option("--rate", 100);
var seconds = Option("--seconds", 30);
var replicaCount = Option("--replicas", 0);
if (replicaCount > 0)
{
    var rates = Array.IndexOf(args, "--rates") is var at and >= 0 && at + 1 < args.Length
        ? args[at + 1].Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray()
        : [100, 1000];
    return await ReplicaFanOutBenchmark.RunAsync(replicaCount, members, perMember, rates, seconds, Option("--rounds", 2), Option("--warm-up", 20));
}

// 1. The orchestrator with the benchmark load on.
await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
{
    ["Sandbox__Live__Benchmark__ChangesPerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
    ["Logging__LogLevel__Default"] = "Warning",
});
await orchestrator.StartAsync();

// 2. Members and their tokens (creating accounts hashes passwords: this takes a while).
var tokensFile = await BenchMembers.CreateAsync(orchestrator, members);
Console.WriteLine($"orchestrator RSS before clients: {orchestrator.ResidentBytes() / 1048576.0:0} MiB");

// 3. The clients; the orchestrator's memory and CPU are sampled while they measure.
var run = await HubClients.RunAsync([orchestrator], tokensFile, perMember, seconds);
var r = run.Result;

// 4. One row for docs/benchmarks.md.
Console.WriteLine();
Console.WriteLine("| clients (members x connections) | changes/s | deliveries/s | p50 | p90 | p99 | max | orchestrator RSS (peak) | orchestrator CPU |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {r.GetProperty("clients")} ({members} x {perMember}) | {rate} | {r.GetProperty("deliveriesPerSecond")} | {r.GetProperty("p50")} ms | {r.GetProperty("p90")} ms | {r.GetProperty("p99")} ms | {r.GetProperty("max")} ms | {run.PeakRss[0] / 1048576.0:0} MiB | {run.CpuShare[0] * 100:0} % of a core |"));
return r.GetProperty("closedDuringRun").GetInt32() == 0 ? 0 : 1;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
