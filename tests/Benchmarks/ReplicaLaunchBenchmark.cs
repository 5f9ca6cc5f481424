using System.Diagnostics;
using Sandbox.Testing;
using Sandbox.Testing.Containers;

namespace Benchmarks;

/// <summary>
/// N launches at once spread over three replicas against the same N on one replica, in one run (issue 16). Both arms
/// are installations on the same throwaway PostgreSQL and Redis servers (a database and a Redis prefix each), so only
/// the replica count differs. Analyst i of the three-replica arm launches through replica i mod 3 and polls its notebook
/// through the same replica (which took the session's lease). Time is from the launch request to Jupyter answering
/// <c>/s/{id}/api/status</c> through the proxy, polled every 100 ms as in <see cref="LaunchLatencyBenchmark"/>. After an
/// unmeasured round of each arm (JIT, page cache, first network), the arms alternate, one round each at a time.
/// </summary>
internal static class ReplicaLaunchBenchmark
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // 20 notebooks starting at once on 2 cores shared with other work: minutes, not seconds, when the machine is busy.
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(300);

    public static async Task<int> RunAsync(int launches, int rounds)
    {
        Report.Line($"<!-- load at start: {LoadAverage()} -->");
        var postgres = new PostgresServerFixture();
        var redis = new RedisServerFixture();
        await Task.WhenAll(postgres.InitializeAsync(), redis.InitializeAsync());
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Sandbox.Orchestrator.Installation"] = "Information",
                ["Logging__LogLevel__Sandbox.Orchestrator.Sessions"] = "Debug", // which replica did what to which session, kept if a launch fails
                ["Sandbox__Reconciler__ResyncInterval"] = OrchestratorProcess.ProductDefault,
                ["Sandbox__Quotas__Member__MaxConcurrentSessions"] = "100",
                ["Sandbox__Quotas__Member__MonthlyBudgetKrw"] = "100000000",
            };
            await using var one = await ReplicatedInstallation.CreateAsync(1, postgres, redis, settings);
            await using var three = await ReplicatedInstallation.CreateAsync(3, postgres, redis, settings);
            await one.StartAsync();
            await three.StartAsync();
            var arms = new[] { ("1 replica", one, await AnalystsAsync(one, launches)), ("3 replicas", three, await AnalystsAsync(three, launches)) };

            try
            {
                await MeasureAsync(arms, rounds);
            }
            catch (TimeoutException)
            {
                // The replicas' logs go with their data folders: keep them, and say what they said last.
                var kept = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"replica-launch-logs-{DateTime.UtcNow:yyyyMMddHHmmss}"));
                foreach (var (name, installation, _) in arms)
                {
                    foreach (var replica in installation.Replicas)
                    {
                        File.Copy(replica.LogPath, Path.Combine(kept.FullName, $"{name.Replace(' ', '-')}-{replica.Port}.log"));
                        Report.Line($"<!-- {name}, replica on port {replica.Port}:\n{replica.Tail(40)}\n-->");
                    }
                }

                Report.Line($"<!-- every replica's whole log: {kept.FullName} -->");

                throw;
            }

            Report.Line($"<!-- load at end: {LoadAverage()} -->");
            return 0;
        }
        finally
        {
            await redis.DisposeAsync();
            await postgres.DisposeAsync();
        }
    }

    /// <summary>One unmeasured round of each arm, then <paramref name="rounds"/> rounds of each, alternated; prints the table.</summary>
    private static async Task MeasureAsync(IReadOnlyList<(string Name, ReplicatedInstallation Installation, List<SandboxApi> Analysts)> arms, int rounds)
    {
        foreach (var (_, _, analysts) in arms)
        {
            await RoundAsync(analysts); // warm-up, not measured
        }

        var times = arms.ToDictionary(a => a.Item1, _ => new List<double>());
        var cpu = arms.ToDictionary(a => a.Item1, _ => TimeSpan.Zero);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, installation, analysts) in arms)
            {
                var before = installation.Replicas.Select(r => r.CpuTime()).ToList();
                times[name].AddRange(await RoundAsync(analysts));
                cpu[name] += installation.Replicas.Select((r, i) => r.CpuTime() - before[i]).Aggregate(TimeSpan.Zero, (a, b) => a + b);
                Report.Line($"<!-- round {round + 1}, {name}: load {LoadAverage()} -->");
            }
        }

        Report.Line($"| arm | launches | p50 | p95 | max | orchestrator CPU per round (all replicas) |");
        Report.Line($"|---|---|---|---|---|---|");
        foreach (var (name, _, _) in arms)
        {
            var t = times[name];
            Report.Line($"| {name} | {rounds} x {arms[0].Analysts.Count} at once | {Stats.P(t, 50):0} ms | {Stats.P(t, 95):0} ms | {t.Max():0} ms | {cpu[name].TotalSeconds / rounds:0.0} s |");
        }

        var (o, s) = (times["1 replica"], times["3 replicas"]);
        Report.Line($"| 3 vs 1 | | x{Stats.P(s, 50) / Stats.P(o, 50):0.00} | x{Stats.P(s, 95) / Stats.P(o, 95):0.00} | x{s.Max() / o.Max():0.00} | |");
    }

    /// <summary>The load average as uptime prints it (1, 5 and 15 minutes).</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>
    /// <paramref name="count"/> analysts of the installation, created through its first replica; analyst i talks to replica
    /// i mod the replica count (the bearer token is good on every replica: the key ring is shared).
    /// </summary>
    private static async Task<List<SandboxApi>> AnalystsAsync(ReplicatedInstallation installation, int count)
    {
        var first = installation.Replicas[0];
        using var admin = await SandboxApi.SignInAsync(first.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var analysts = new List<SandboxApi>();
        for (var i = 0; i < count; i++)
        {
            var (api, _) = await admin.CreateMemberAsync($"bench-{i}");
            var replica = installation.Replicas[i % installation.Replicas.Count];
            if (replica == first)
            {
                analysts.Add(api);
            }
            else
            {
                analysts.Add(api.On(replica.BaseAddress));
                api.Dispose();
            }
        }

        return analysts;
    }

    /// <summary>Every analyst launches at once; returns each launch's time to its notebook answering, then stops them all.</summary>
    private static async Task<List<double>> RoundAsync(IReadOnlyList<SandboxApi> analysts)
    {
        var runs = await Task.WhenAll(analysts.Select(async analyst =>
        {
            var watch = Stopwatch.StartNew();
            var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
            try
            {
                await HttpPolling.UntilOkAsync(analyst.Http, new Uri(analyst.Http.BaseAddress!, $"/s/{id}/api/status"), PollInterval, LaunchTimeout);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}; the session: {await analyst.GetSessionAsync(id)}", e);
            }

            return (analyst, id, elapsed: watch.Elapsed.TotalMilliseconds);
        }));
        foreach (var (analyst, id, _) in runs)
        {
            (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        }

        foreach (var (analyst, id, _) in runs)
        {
            await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(120), "stopped");
        }

        return runs.Select(r => r.elapsed).ToList();
    }
}
