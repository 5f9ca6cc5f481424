using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Sandbox.Testing;
using Sandbox.Testing.Containers;

namespace Benchmarks.Kubernetes;

/// <summary>
/// Many sessions on a simulated runtime managed by three replicas, then by one (issue 16): each replica's memory and the
/// reconcile work per change. The runtime is the Kubernetes API double with <see cref="SimulatedKubelet"/> (pods run at
/// once, at <see cref="StubNotebookServer"/>), so thousands of sessions fit on 2 cores; the orchestrators are the real
/// processes on a throwaway PostgreSQL and Redis (<see cref="ReplicatedInstallation"/>).
/// <para>
/// Three replicas: N sessions launched through them (analyst i through replica i mod 3), then four quiet windows (memory, the
/// background store work), then K running sessions' pods fail (exit code 1; each is a pod failure and then its deletion,
/// two watch events). One replica: the other two stop gracefully (their leases go, the first takes every session over),
/// a quiet window, K more failures, K more launches (through the one replica).
/// </para>
/// <para>
/// Work is read two ways. Store: PostgreSQL's own counters of the installation's database (<c>pg_stat_database</c>:
/// transactions, rows written), which every replica's statements go to; a backend reports them at most a second late
/// when busy and within 10 s when idle, so each reading comes after 12 s of quiet, and the background rate of the quiet
/// window (lease renewals, scans) is subtracted. Passes: each replica's Debug lines for a runtime change it saw
/// ("Runtime change of session") and for a pass that found the session held by another replica (work done for nothing).
/// </para>
/// </summary>
internal static class ReplicaScaleBenchmark
{
    private const string Namespace = "bench-replicas";
    private const int Analysts = 30;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan QuietWindow = TimeSpan.FromSeconds(30);
    private const int QuietWindowsAfterLaunches = 4;
    private static readonly string[] Markers = ["Runtime change of session", "is held by another replica: left to it"];

    public static async Task RunAsync(int sessions, int changes)
    {
        Report.Line($"<!-- load at start: {LoadAverage()} -->");
        var postgres = new PostgresServerFixture();
        var redis = new RedisServerFixture();
        await Task.WhenAll(postgres.InitializeAsync(), redis.InitializeAsync());
        try
        {
            await using var cluster = await KubernetesTestCluster.StartAsync(nodeCpu: 0, nodeMemoryGiB: 0);
            cluster.Store.HistoryLimit = 1_000_000;
            await using var stub = StubNotebookServer.Start(8888);
            await using var kubelet = new SimulatedKubelet(cluster.Store, Namespace, stub.Address);
            var settings = cluster.SettingsFor(Namespace);
            settings["Logging__LogLevel__Default"] = "Warning";
            settings["Logging__LogLevel__Sandbox.Orchestrator.Installation"] = "Information";
            settings["Logging__LogLevel__Sandbox.Orchestrator.Sessions.RuntimeChangeWatcher"] = "Debug";
            settings["Logging__LogLevel__Sandbox.Orchestrator.Sessions.SessionReconciler"] = "Debug";
            settings["Sandbox__Reconciler__ResyncInterval"] = OrchestratorProcess.ProductDefault;
            settings["Sandbox__Sweep__Interval"] = "1.00:00:00";
            settings["Sandbox__Quotas__Member__MaxConcurrentSessions"] = "100000";
            settings["Sandbox__Quotas__Member__MonthlyBudgetKrw"] = "100000000000";
            await using var installation = await ReplicatedInstallation.CreateAsync(3, postgres, redis, settings);
            await installation.StartAsync();
            var replicas = installation.Replicas;
            var counters = replicas.Select(r => new LogLineCounter(r.LogPath, Markers)).ToList();
            var analysts = await AnalystsAsync(installation);
            Report.Line($"<!-- {replicas.Count} replicas up, {Analysts} analysts; load {LoadAverage()} -->");

            Report.Line("| replicas | what | count | store transactions per change | rows written per change | runtime changes seen per change (all replicas) | passes left to another replica per change | replicas' CPU per change | wall time |");
            Report.Line("|---|---|---|---|---|---|---|---|---|");

            // 1. Three replicas: launch, quiet, failures.
            var live = new List<string>();
            var baseline = await QuietAsync(installation, replicas, counters, "3");
            await PhaseAsync(installation, replicas, counters, baseline, "3", "launches", sessions,
                async () => live.AddRange(await LaunchAsync(installation, analysts, sessions)));
            // Several windows in a row: work still queued from the launches dies down from one to the next, while work
            // that comes with the sessions themselves stays (the 10,000-session run's single window could not tell them
            // apart). The last is the background of the failures.
            for (var window = 0; window < QuietWindowsAfterLaunches; window++)
            {
                baseline = await QuietAsync(installation, replicas, counters, "3");
            }

            await PhaseAsync(installation, replicas, counters, baseline, "3", "pod failures", changes,
                () => FailAsync(installation, kubelet, live, changes));

            // 2. One replica: the others stop gracefully and the first takes their sessions over.
            foreach (var replica in replicas.Skip(1))
            {
                await replica.StopGracefullyAsync();
            }

            // Released leases stay as rows (expired) until taken over: the first replica holds a row for every live session then.
            await WaitAsync(async () => await installation.ScalarAsync(
                "SELECT coalesce(max(held), 0) FROM (SELECT count(*) AS held FROM session_leases GROUP BY \"Holder\") AS holders") == await LiveAsync(installation),
                TimeSpan.FromMinutes(3), "the first replica did not take every session over");
            var one = replicas.Take(1).ToList();
            var oneCounters = counters.Take(1).ToList();
            baseline = await QuietAsync(installation, one, oneCounters, "1");
            await PhaseAsync(installation, one, oneCounters, baseline, "1", "pod failures", changes,
                () => FailAsync(installation, kubelet, live, changes));
            var viaFirst = analysts.Select(a => a.On(replicas[0].BaseAddress)).ToList();
            await PhaseAsync(installation, one, oneCounters, baseline, "1", "launches", changes,
                async () => live.AddRange(await LaunchAsync(installation, viaFirst, changes)));
            Report.Line($"<!-- load at end: {LoadAverage()} -->");
            foreach (var replica in replicas)
            {
                PrintFailures(replica);
            }
        }
        finally
        {
            await redis.DisposeAsync();
            await postgres.DisposeAsync();
        }
    }

    /// <summary>The background work per second of a quiet window, and each replica's memory and sessions held.</summary>
    private static async Task<Work> QuietAsync(ReplicatedInstallation installation, IReadOnlyList<OrchestratorProcess> replicas, IReadOnlyList<LogLineCounter> counters, string arm)
    {
        await Task.Delay(Settle); // part of the definition: the store's counters of the work before are in
        var before = await Work.ReadAsync(installation, replicas, counters);
        await Task.Delay(QuietWindow); // the quiet window's length, part of the measurement's definition
        var after = await Work.ReadAsync(installation, replicas, counters);
        var rate = (after - before) / (after.At - before.At).TotalSeconds;
        var held = await HeldPerHolderAsync(installation);
        var memory = string.Join("; ", replicas.Select((r, i) => $"{(char)('A' + i)} {r.ResidentBytes() / 1048576.0:0} MiB"));
        var liveSessions = await LiveAsync(installation);
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"| {arm} | quiet, {QuietWindow.TotalSeconds:0} s | {liveSessions} live sessions; leases held: {held}; RSS: {memory} | {rate.Transactions:0.0} per s | {rate.Rows:0.0} per s | | | {rate.CpuSeconds * 1000:0} ms per s | |"));
        return rate;
    }

    /// <summary>Runs <paramref name="act"/>, waits until its effect has settled, and reports the work per change beyond the background.</summary>
    private static async Task PhaseAsync(ReplicatedInstallation installation, IReadOnlyList<OrchestratorProcess> replicas, IReadOnlyList<LogLineCounter> counters,
        Work background, string arm, string what, int count, Func<Task> act)
    {
        var before = await Work.ReadAsync(installation, replicas, counters);
        var watch = Stopwatch.StartNew();
        await act();
        var wall = watch.Elapsed;
        await Task.Delay(Settle); // the store's counters of the phase are in
        var after = await Work.ReadAsync(installation, replicas, counters);
        var work = (after - before) - background * (after.At - before.At).TotalSeconds;
        var per = work / count;
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"| {arm} | {what} | {count} | {per.Transactions:0.0} | {per.Rows:0.0} | {per.ChangesSeen:0.0} | {per.HeldElsewhere:0.00} | {per.CpuSeconds * 1000:0.0} ms | {wall.TotalSeconds:0} s |"));
    }

    /// <summary>Launches <paramref name="count"/> sessions, the analysts in parallel, each its share in turn; returns once they all run.</summary>
    private static async Task<List<string>> LaunchAsync(ReplicatedInstallation installation, IReadOnlyList<SandboxApi> analysts, int count)
    {
        var runningAfter = await RunningAsync(installation) + count;
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(analysts.Select(async (analyst, i) =>
        {
            for (var k = i; k < count; k += analysts.Count)
            {
                ids.Add((await LaunchOnceAsync(analyst)).GetProperty("id").GetString()!);
            }
        }));
        await WaitAsync(async () => await RunningAsync(installation) >= runningAfter,
            TimeSpan.FromMinutes(20), $"{runningAfter} sessions did not all run");
        return [.. ids];
    }

    /// <summary>
    /// One launch; a launch the orchestrator refused with an error is reported (with why, from the replicas' logs at the
    /// end) and tried again, up to three times.
    /// </summary>
    private static async Task<System.Text.Json.JsonElement> LaunchOnceAsync(SandboxApi analyst)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await analyst.LaunchAsync();
            }
            catch (HttpRequestException e) when (attempt < 3)
            {
                Report.Line($"<!-- launch refused, tried again: {e.Message} -->");
            }
        }
    }

    /// <summary>Fails the pods of <paramref name="count"/> of the <paramref name="live"/> sessions; returns once those sessions have ended and their leases are gone.</summary>
    private static async Task FailAsync(ReplicatedInstallation installation, SimulatedKubelet kubelet, List<string> live, int count)
    {
        var runningAfter = await RunningAsync(installation) - count;
        var ending = live.Take(count).ToList();
        live.RemoveRange(0, count);
        foreach (var id in ending)
        {
            if (!kubelet.Terminate(id))
            {
                throw new InvalidOperationException($"Session {id} has no pod.");
            }
        }

        await WaitAsync(async () => await RunningAsync(installation) <= runningAfter
            && await installation.ScalarAsync("SELECT count(*) FROM session_leases") <= await LiveAsync(installation),
            TimeSpan.FromMinutes(10), $"{count} failed pods were not all seen");
    }

    private static async Task<List<SandboxApi>> AnalystsAsync(ReplicatedInstallation installation)
    {
        var first = installation.Replicas[0];
        using var admin = await SandboxApi.SignInAsync(first.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var analysts = new List<SandboxApi>();
        for (var i = 0; i < Analysts; i++)
        {
            var (api, _) = await admin.CreateMemberAsync($"scale-{i}");
            analysts.Add(api.On(installation.Replicas[i % installation.Replicas.Count].BaseAddress));
            api.Dispose();
        }

        return analysts;
    }

    private static Task<long> RunningAsync(ReplicatedInstallation installation) =>
        installation.ScalarAsync("SELECT count(*) FROM sessions WHERE \"State\" = 'running'");

    private static Task<long> LiveAsync(ReplicatedInstallation installation) =>
        installation.ScalarAsync("SELECT count(*) FROM sessions WHERE \"State\" NOT IN ('stopped', 'failed')");

    private static async Task<string> HeldPerHolderAsync(ReplicatedInstallation installation)
    {
        await using var connection = new NpgsqlConnection(installation.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM session_leases GROUP BY \"Holder\" ORDER BY 1 DESC", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new List<long>();
        while (await reader.ReadAsync())
        {
            counts.Add(reader.GetInt64(0));
        }

        return string.Join(" / ", counts);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failure);
            }

            await Task.Delay(500); // poll interval over the store's counts
        }
    }

    /// <summary>The replica's logged errors (first line of each and the line after), so a refused launch says why.</summary>
    private static void PrintFailures(OrchestratorProcess replica)
    {
        var lines = replica.Tail(int.MaxValue).Split('\n');
        foreach (var (line, i) in lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("fail:", StringComparison.Ordinal)).Take(20))
        {
            Report.Line($"<!-- {replica.Port}: {line.Trim()} {(i + 1 < lines.Length ? lines[i + 1].Trim() : "")} -->");
        }
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>Cumulative work at one moment: the database's transactions and rows written, the replicas' log markers and CPU.</summary>
    private sealed record Work(DateTime At, double Transactions, double Rows, double ChangesSeen, double HeldElsewhere, double CpuSeconds)
    {
        public static async Task<Work> ReadAsync(ReplicatedInstallation installation, IReadOnlyList<OrchestratorProcess> replicas, IReadOnlyList<LogLineCounter> counters)
        {
            // A new connection each time: the statistics snapshot is per transaction.
            var transactions = await installation.ScalarAsync("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()");
            var rows = await installation.ScalarAsync("SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = current_database()");
            var marks = counters.Select(c => c.Count()).ToList();
            return new Work(DateTime.UtcNow, transactions, rows, marks.Sum(m => m[0]), marks.Sum(m => m[1]), replicas.Sum(r => r.CpuTime().TotalSeconds));
        }

        public static Work operator -(Work a, Work b) =>
            new(a.At, a.Transactions - b.Transactions, a.Rows - b.Rows, a.ChangesSeen - b.ChangesSeen, a.HeldElsewhere - b.HeldElsewhere, a.CpuSeconds - b.CpuSeconds);

        public static Work operator *(Work a, double k) =>
            new(a.At, a.Transactions * k, a.Rows * k, a.ChangesSeen * k, a.HeldElsewhere * k, a.CpuSeconds * k);

        public static Work operator /(Work a, double k) => a * (1 / k);
    }
}
