using System.Globalization;
using Sandbox.Testing;
using Sandbox.Testing.Containers;

namespace Benchmarks.Hub;

/// <summary>
/// Hub fan-out through the Redis backplane (issue 16): one installation of N replicas on a throwaway PostgreSQL and
/// Redis; the benchmark load runs on the first replica only and publishes into the Redis feed, and every replica delivers
/// to its own clients (each member's connections are spread over all replicas). At each rate the two arms alternate over
/// <c>rounds</c> rounds (N replicas then one, then one then N, ...): for the one-replica arm the other replicas stop
/// gracefully and the same clients connect to the first replica alone (the same store, Redis and members, only the
/// replica count differs). Replicas started for an arm first serve an unmeasured warm-up run, so neither arm measures a
/// process still compiling its hot paths. The first replica restarts with the next rate.
/// Expected deliveries = rate x window x connections per member (every member is connected to the first replica, where
/// the load picks its owners); a change published in the window and not arrived 5 s after it counts as not delivered.
/// </summary>
internal static class ReplicaFanOutBenchmark
{
    private const string RateSetting = "Sandbox__Live__Benchmark__ChangesPerSecond";

    public static async Task<int> RunAsync(int replicaCount, int members, int perMember, IReadOnlyList<int> rates, int seconds, int rounds, int warmUpSeconds)
    {
        Console.WriteLine($"<!-- load at start: {LoadAverage()} -->");
        var postgres = new PostgresServerFixture();
        var redis = new RedisServerFixture();
        await Task.WhenAll(postgres.InitializeAsync(), redis.InitializeAsync());
        var rows = new List<string>();
        var failed = false;
        try
        {
            await using var installation = await ReplicatedInstallation.CreateAsync(replicaCount, postgres, redis, new Dictionary<string, string>
            {
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Sandbox.Orchestrator.Installation"] = "Information",
            });
            var first = installation.Replicas[0];
            var tokensFile = "";
            foreach (var rate in rates)
            {
                // The load's rate is read at start: the first replica (re)starts with it, the others with it off.
                foreach (var replica in installation.Replicas.Where(r => r.ProcessId is not null))
                {
                    await replica.StopGracefullyAsync();
                }

                first.Configure(RateSetting, rate.ToString(CultureInfo.InvariantCulture));
                await first.StartAsync(ReplicatedInstallation.StartTimeout);
                if (tokensFile.Length == 0)
                {
                    tokensFile = await BenchMembers.CreateAsync(first, members);
                }

                for (var round = 0; round < rounds; round++)
                {
                    IReadOnlyList<OrchestratorProcess>[] arms = round % 2 == 0 ? [installation.Replicas, [first]] : [[first], installation.Replicas];
                    foreach (var arm in arms)
                    {
                        if (await RunOnlyAsync(installation, arm) && warmUpSeconds > 0)
                        {
                            Console.WriteLine($"<!-- warm-up of {arm.Count} replica(s) at {rate}/s: {warmUpSeconds} s -->");
                            await HubClients.RunAsync(arm, tokensFile, perMember, warmUpSeconds);
                        }

                        var before = LoadAverage();
                        var run = await HubClients.RunAsync(arm, tokensFile, perMember, seconds);
                        rows.Add(Row(arm.Count, rate, members, perMember, run, before, round + 1));
                        Console.WriteLine(rows[^1]);
                        failed |= run.Result.GetProperty("closedDuringRun").GetInt32() != 0;
                    }
                }
            }
        }
        finally
        {
            await redis.DisposeAsync();
            await postgres.DisposeAsync();
        }

        Console.WriteLine();
        Console.WriteLine("| round | replicas | changes/s | clients (members x connections) | delivered / expected | p50 | p90 | p99 | max | each replica: CPU, peak RSS | Node clients' CPU | load before |");
        Console.WriteLine("| ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- |");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine($"<!-- load at end: {LoadAverage()} -->");
        return failed ? 1 : 0;
    }

    /// <summary>
    /// Runs exactly the arm's replicas: starts those not running (the first replica is always running) and stops the
    /// others gracefully. True when any was started.
    /// </summary>
    private static async Task<bool> RunOnlyAsync(ReplicatedInstallation installation, IReadOnlyList<OrchestratorProcess> arm)
    {
        var started = false;
        foreach (var replica in installation.Replicas)
        {
            if (arm.Contains(replica) && replica.ProcessId is null)
            {
                await replica.StartAsync(ReplicatedInstallation.StartTimeout);
                started = true;
            }
            else if (!arm.Contains(replica) && replica.ProcessId is not null)
            {
                await replica.StopGracefullyAsync();
            }
        }

        return started;
    }

    private static string Row(int replicas, int rate, int members, int perMember, HubRun run, string load, int round)
    {
        var r = run.Result;
        var window = r.GetProperty("windowSeconds").GetDouble();
        var expected = (long)(rate * window * perMember);
        var delivered = r.GetProperty("deliveries").GetInt64();
        var perReplica = string.Join("; ", run.CpuShare.Select((cpu, i) => string.Create(CultureInfo.InvariantCulture,
            $"{(char)('A' + i)} {cpu * 100:0} %, {run.PeakRss[i] / 1048576.0:0} MiB ({r.GetProperty("deliveriesPerBase")[i]} delivered)")));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {round} | {replicas} | {rate} | {r.GetProperty("clients")} ({members} x {perMember}) | {delivered:N0} / {expected:N0} ({100.0 * delivered / expected:0.0} %) | {r.GetProperty("p50")} ms | {r.GetProperty("p90")} ms | **{r.GetProperty("p99")} ms** | {r.GetProperty("max")} ms | {perReplica} | {run.ClientCpuShare * 100:0} % | {load} |");
    }

    /// <summary>The load average as uptime prints it (1, 5 and 15 minutes).</summary>
    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
