using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Sandbox.KubernetesDouble;
using Sandbox.Testing;

namespace Benchmarks.Kubernetes;

/// <summary>
/// The cost of the adapter's one shared pod watch, in the real orchestrator process on the API double (no node): its
/// resident memory once N pods of this installation's sessions are in its cache (brought in by the watch as ADDED events,
/// then listed again on a forced 410), and how fast it consumes a burst of MODIFIED events.
/// <para>
/// The pods belong to sessions the orchestrator's store does not have, so they are orphans to it: they are created after
/// its start-up recovery (which removes orphans) and the periodic sandbox sweep is set to once a day, so nothing deletes
/// them during the run. Each change still goes the product's whole way: watch → slim record → change stream → reconciler
/// queue → a reconciler pass (which finds no session and stops there).
/// </para>
/// <para>
/// The signal that the orchestrator has seen a change is its own Debug line "Runtime change of session {id} ({what})"
/// (<c>RuntimeChangeWatcher</c>, switched on for that category only): it is written after the adapter has read the event,
/// updated its cache and told its subscribers. A burst ends with a marker pod's deletion; the watch is one ordered stream,
/// so the marker's line means every change before it was consumed.
/// </para>
/// </summary>
internal static class WatchCostBenchmark
{
    private const string Namespace = "bench-watch";
    private const int BurstEvents = 10_000;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static async Task RunAsync(IReadOnlyList<int> podCounts)
    {
        await using var cluster = await KubernetesTestCluster.StartAsync(nodeCpu: 0, nodeMemoryGiB: 0);
        // Bursts must never fall out of the history the watch resumes from.
        cluster.Store.HistoryLimit = 1_000_000;
        var settings = cluster.SettingsFor(Namespace);
        settings["Logging__LogLevel__Default"] = "Warning";
        settings["Logging__LogLevel__Sandbox.Orchestrator.Installation"] = "Information";
        settings["Logging__LogLevel__Sandbox.Orchestrator.Sessions.ReconcilerService"] = "Information";
        settings["Logging__LogLevel__Sandbox.Orchestrator.Sessions.RuntimeChangeWatcher"] = "Debug";
        settings["Sandbox__Sweep__Interval"] = "1.00:00:00";
        settings["Sandbox__Reconciler__ResyncInterval"] = OrchestratorProcess.ProductDefault;
        await using var orchestrator = new OrchestratorProcess(settings);
        await orchestrator.StartAsync();
        if (!await orchestrator.LogContainsAsync("Reconciler recovered", TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("The reconciler did not recover:\n" + orchestrator.Tail());
        }

        var installation = orchestrator.InstallationId!;
        var log = new LogFollower(orchestrator.LogPath);
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Sandbox.Runtime.Kubernetes.Tests", "Golden", "pod-cpu.json")))!.AsObject();

        await Task.Delay(TimeSpan.FromSeconds(3)); // settling time, part of the measurement's definition: start-up work ends first
        var idle = Memory(orchestrator);
        Report.Line($"| 0 pods (watch open, empty) | RSS {idle.RssMiB:0} MiB | | | | |");

        var created = 0;
        var markers = 0;
        foreach (var target in podCounts)
        {
            // 1. N pods, arriving as ADDED events; the last one's line says they are all in.
            var before = created;
            var addWatch = Stopwatch.StartNew();
            log.SkipToEnd();
            string last = "";
            for (; created < target; created++)
            {
                last = SessionId(created);
                cluster.Store.Create("pods", Namespace, PodOf(template, installation, last));
            }

            var producedAdds = addWatch.Elapsed;
            await Expect(log, $"Runtime change of session {last} (pending)", orchestrator);
            var added = addWatch.Elapsed;

            // 2. A relist of all N (the 410 path): the API unreachable for a moment, a change meanwhile, the history
            //    compacted past the watch's version; the marker's change is then only known from the list ("resync").
            var marker = $"m{markers++:D16}";
            cluster.Store.Create("pods", Namespace, PodOf(template, installation, marker));
            await Expect(log, $"Runtime change of session {marker} (pending)", orchestrator);
            log.SkipToEnd();
            try
            {
                cluster.Api.Unavailable = true;
            }
            catch (ObjectDisposedException)
            {
                // The double cancels a watch before aborting its connection, and the ended request's context may be
                // disposed by then; the flag is set and the watch has ended, which is all this needs.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300)); // the outage itself: the API stays away this long (the behaviour measured)
            cluster.Store.Update("pods", Namespace, PodName(installation, marker), pod => pod["status"] = Unschedulable("relist"));
            cluster.Api.CompactHistory();
            var cpuBeforeList = orchestrator.CpuTime();
            var listWatch = Stopwatch.StartNew();
            cluster.Api.Unavailable = false;
            await Expect(log, $"Runtime change of session {marker} (resync)", orchestrator, TimeSpan.FromSeconds(120));
            var listed = listWatch.Elapsed;
            var listCpu = orchestrator.CpuTime() - cpuBeforeList;

            // 3. Settled: a few seconds without changes, then the memory.
            await Task.Delay(TimeSpan.FromSeconds(5)); // settling time, part of the measurement's definition
            var settledMemory = Memory(orchestrator);

            // 4. A burst of MODIFIED events: the scheduler's message changes (the slim record changes, so each is told on).
            var burstMarker = $"m{markers++:D16}";
            cluster.Store.Create("pods", Namespace, PodOf(template, installation, burstMarker));
            await Expect(log, $"Runtime change of session {burstMarker} (pending)", orchestrator);
            await Task.Delay(TimeSpan.FromSeconds(1)); // quiet second before the burst, so its lines start after this point of the log
            log.SkipToEnd();
            var cpuBefore = orchestrator.CpuTime();
            var burst = Stopwatch.StartNew();
            for (var k = 0; k < BurstEvents; k++)
            {
                var message = "attempt " + k.ToString(CultureInfo.InvariantCulture);
                cluster.Store.Update("pods", Namespace, PodName(installation, SessionId(k % target)), pod => pod["status"] = Unschedulable(message));
            }

            cluster.Store.Delete(ApiResource.Pods, Namespace, PodName(installation, burstMarker), DeleteOptions.Default);
            var produced = burst.Elapsed;
            await Expect(log, $"Runtime change of session {burstMarker} (deleted)", orchestrator, TimeSpan.FromSeconds(300));
            var consumed = burst.Elapsed;
            var burstCpu = orchestrator.CpuTime() - cpuBefore;
            await Task.Delay(TimeSpan.FromSeconds(3)); // settling time, part of the measurement's definition
            var afterBurst = Memory(orchestrator);

            // 5. The same burst as a backlog: the orchestrator stopped (SIGSTOP: a long pause) while the double writes the
            //    changes, continued (SIGCONT) once they are all written; the time from then to the marker is the adapter
            //    draining 10,001 queued events as fast as it can, which the live burst cannot show when the double is slower.
            var backlogMarker = $"m{markers++:D16}";
            cluster.Store.Create("pods", Namespace, PodOf(template, installation, backlogMarker));
            await Expect(log, $"Runtime change of session {backlogMarker} (pending)", orchestrator);
            await Task.Delay(TimeSpan.FromSeconds(1)); // quiet second before the burst, so its lines start after this point of the log
            log.SkipToEnd();
            var failuresBefore = orchestrator.CountInLog("watch failed");
            await SignalAsync(orchestrator, "STOP");
            for (var k = 0; k < BurstEvents; k++)
            {
                var message = "backlog " + k.ToString(CultureInfo.InvariantCulture);
                cluster.Store.Update("pods", Namespace, PodName(installation, SessionId(k % target)), pod => pod["status"] = Unschedulable(message));
            }

            cluster.Store.Delete(ApiResource.Pods, Namespace, PodName(installation, backlogMarker), DeleteOptions.Default);
            var backlogCpuBefore = orchestrator.CpuTime();
            var drain = Stopwatch.StartNew();
            await SignalAsync(orchestrator, "CONT");
            await Expect(log, $"Runtime change of session {backlogMarker} (deleted)", orchestrator, TimeSpan.FromSeconds(300));
            var drained = drain.Elapsed;
            var drainCpu = orchestrator.CpuTime() - backlogCpuBefore;
            var dropped = orchestrator.CountInLog("watch failed") - failuresBefore;

            Report.Line($"| {target:N0} pods | RSS {settledMemory.RssMiB:0} MiB after the relist, {afterBurst.RssMiB:0} MiB after the burst (peak {afterBurst.PeakMiB:0} MiB) | " +
                $"ADDED: {target - before:N0} seen in {added.TotalSeconds:0.00} s (store wrote them in {producedAdds.TotalSeconds:0.00} s) | " +
                $"relist after 410: {listed.TotalSeconds:0.00} s, CPU {listCpu.TotalSeconds:0.00} s | " +
                $"burst of {BurstEvents + 1:N0}: seen in {consumed.TotalSeconds:0.00} s = {(BurstEvents + 1) / consumed.TotalSeconds:N0} events/s (double wrote them in {produced.TotalSeconds:0.00} s) | " +
                $"orchestrator CPU {burstCpu.TotalSeconds:0.00} s ({burstCpu.TotalMilliseconds * 1000 / (BurstEvents + 1):0} µs per event) | " +
                $"backlog of {BurstEvents + 1:N0} after SIGCONT: drained in {drained.TotalSeconds:0.00} s = {(BurstEvents + 1) / drained.TotalSeconds:N0} events/s, CPU {drainCpu.TotalSeconds:0.00} s; watch failures meanwhile: {dropped} |");
        }

        // Leave the double's store to die with it; the orchestrator's dispose kills it (no node: no containers).
    }

    private static async Task SignalAsync(OrchestratorProcess orchestrator, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", orchestrator.ProcessId!.Value.ToString(CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    private static async Task Expect(LogFollower log, string line, OrchestratorProcess orchestrator, TimeSpan? timeout = null)
    {
        if (!await log.WaitForAsync(line, timeout ?? TimeSpan.FromSeconds(120), Poll))
        {
            throw new TimeoutException($"The orchestrator did not log \"{line}\":\n{orchestrator.Tail()}");
        }
    }

    private static string SessionId(int i) => $"s{i:D16}";

    private static string PodName(string installation, string session) => $"sbx-{installation}-{session}";

    /// <summary>The golden CPU pod of the adapter's tests, renamed and relabelled for this installation and session.</summary>
    private static JsonObject PodOf(JsonObject template, string installation, string session)
    {
        var pod = template.DeepClone().AsObject();
        var metadata = pod["metadata"]!.AsObject();
        metadata["name"] = PodName(installation, session);
        metadata["namespace"] = Namespace;
        metadata["labels"]!["sandbox.coop/installation"] = installation;
        metadata["labels"]!["sandbox.coop/session"] = session;
        var container = pod["spec"]!["containers"]![0]!;
        container["env"]![1]!["valueFrom"]!["secretKeyRef"]!["name"] = PodName(installation, session) + "-token";
        container["env"]![2]!["value"] = session;
        return pod;
    }

    private static JsonObject Unschedulable(string message) => new()
    {
        ["phase"] = "Pending",
        ["qosClass"] = "Guaranteed",
        ["conditions"] = new JsonArray(new JsonObject
        {
            ["type"] = "PodScheduled",
            ["status"] = "False",
            ["reason"] = "Unschedulable",
            ["message"] = "0/1 nodes are available: 1 Insufficient cpu. " + message,
            ["lastTransitionTime"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        }),
    };

    private static (double RssMiB, double PeakMiB) Memory(OrchestratorProcess orchestrator)
    {
        var status = File.ReadAllLines($"/proc/{orchestrator.ProcessId}/status");
        double Field(string name) => long.Parse(status.Single(l => l.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture) / 1024.0;
        return (Field("VmRSS:"), Field("VmHWM:"));
    }
}
