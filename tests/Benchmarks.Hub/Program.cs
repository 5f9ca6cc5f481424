using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sandbox.Testing;

// The hub fan-out benchmark: the real orchestrator (as a process), real members with real bearer tokens, and
// tests/hub-client/bench/fanout.mjs holding every client connection with the official JavaScript client. The
// orchestrator's benchmark load (Sandbox:Live:Benchmark:ChangesPerSecond, off unless configured) publishes synthetic
// session changes into the real feed, so each one takes the whole delivery path: the audience query in the store, the
// security-stamp check, the connection's outbox, SignalR's JSON over the WebSocket.
var members = Option("--members", 1000);
var perMember = Option("--per-member", 2);
var rate = Option("--rate", 100);
var seconds = Option("--seconds", 30);

// 1. The orchestrator with the benchmark load on.
await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
{
    ["Sandbox__Live__Benchmark__ChangesPerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
    ["Logging__LogLevel__Default"] = "Warning",
});
await orchestrator.StartAsync();
using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);

// 2. Members and their tokens (creating accounts hashes passwords: this takes a while).
var setup = Stopwatch.StartNew();
var tokens = new string[members];
await Parallel.ForAsync(0, members, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
{
    var (api, _) = await admin.CreateMemberAsync($"bench{i}");
    tokens[i] = api.Token;
    api.Dispose();
});
var tokensFile = Path.Combine(orchestrator.DataDir, "bench-tokens.json");
await File.WriteAllTextAsync(tokensFile, JsonSerializer.Serialize(tokens));
Console.WriteLine($"{members} members in {setup.Elapsed.TotalSeconds:0} s; orchestrator RSS before clients: {Rss(orchestrator.ProcessId!.Value) / 1048576.0:0} MiB");

// 3. The clients; sample the orchestrator's memory and CPU while they measure.
var folder = Path.Combine(RepositoryPaths.Root, "tests", "hub-client");
var start = new ProcessStartInfo("node", [Path.Combine(folder, "bench", "fanout.mjs"), orchestrator.BaseAddress.ToString()])
{
    WorkingDirectory = folder,
    RedirectStandardOutput = true,
};
start.Environment["BENCH_TOKENS"] = tokensFile;
start.Environment["BENCH_PER_MEMBER"] = perMember.ToString(CultureInfo.InvariantCulture);
start.Environment["BENCH_SECONDS"] = seconds.ToString(CultureInfo.InvariantCulture);
using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start (run npm ci in tests/hub-client)");
long peakRss = 0;
TimeSpan? cpuAtStart = null;
var measuring = Stopwatch.StartNew();
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        if (cpuAtStart is not null)
        {
            peakRss = Math.Max(peakRss, Rss(orchestrator.ProcessId!.Value));
        }

        await Task.Delay(250);
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
            cpuAtStart = orchestrator.CpuTime();
            measuring.Restart();
            break;
        case "result":
            result = json;
            break;
    }
}

var cpu = (orchestrator.CpuTime() - cpuAtStart!.Value).TotalSeconds / measuring.Elapsed.TotalSeconds;
await sampling.CancelAsync();
await sampler;
await node.WaitForExitAsync();
if (result is not { } r)
{
    Console.Error.WriteLine("The clients reported no result.");
    return 1;
}

// 4. One row for docs/benchmarks.md.
Console.WriteLine();
Console.WriteLine("| clients (members x connections) | changes/s | deliveries/s | p50 | p90 | p99 | max | orchestrator RSS (peak) | orchestrator CPU |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {r.GetProperty("clients")} ({members} x {perMember}) | {rate} | {r.GetProperty("deliveriesPerSecond")} | {r.GetProperty("p50")} ms | {r.GetProperty("p90")} ms | {r.GetProperty("p99")} ms | {r.GetProperty("max")} ms | {peakRss / 1048576.0:0} MiB | {cpu * 100:0} % of a core |"));
return r.GetProperty("closedDuringRun").GetInt32() == 0 ? 0 : 1;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static long Rss(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
