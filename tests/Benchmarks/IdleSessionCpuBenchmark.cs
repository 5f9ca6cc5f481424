using Sandbox.Testing;

namespace Benchmarks;

/// <summary>
/// What the orchestrator spends keeping an eye on running sessions nobody uses: its CPU time (user + system, from /proc,
/// so other load on the machine does not change it) over a quiet window with N sessions running, against the same window
/// with none, as milliseconds per session per hour. The no-session window is taken last, once the sessions are stopped
/// and the orchestrator has settled: taken first, it would hold the start-up's own work (JIT, first store queries, the
/// first sweeps) and could not be subtracted.
/// </summary>
internal static class IdleSessionCpuBenchmark
{
    public static async Task RunAsync(OrchestratorProcess orchestrator, SandboxApi analyst, int sessions, TimeSpan window)
    {
        // 1. N sessions, launched ten at a time, all running and settled.
        var ids = new List<string>();
        for (var i = 0; i < sessions; i += 10)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(10, sessions - i)).Select(_ => analyst.LaunchAsync()));
            ids.AddRange(batch.Select(b => b.GetProperty("id").GetString()!));
        }

        foreach (var id in ids)
        {
            await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(300), "running");
        }

        // A settling time is part of the measurement's definition: the launches' own work (readiness, progress writes) ends first.
        await Task.Delay(TimeSpan.FromSeconds(20));
        var busy = await CpuOverAsync(orchestrator, window);

        // 2. All stopped, settled, then the floor: the same window with no session (scheduled passes, the hub, the runtime's own traffic).
        foreach (var id in ids)
        {
            (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        }

        foreach (var id in ids)
        {
            await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(120), "stopped");
        }

        await Task.Delay(TimeSpan.FromSeconds(20)); // settling time, part of the measurement's definition: the stops' own work ends first
        var empty = await CpuOverAsync(orchestrator, window);

        var perSessionHour = (busy - empty).TotalMilliseconds / sessions * (TimeSpan.FromHours(1) / window);
        Report.Line($"| idle sessions | {sessions} running, {window.TotalSeconds:0} s window | CPU {busy.TotalMilliseconds:0} ms (none running, after: {empty.TotalMilliseconds:0} ms) | {perSessionHour:0} ms per idle session per hour |");
    }

    private static async Task<TimeSpan> CpuOverAsync(OrchestratorProcess orchestrator, TimeSpan window)
    {
        var before = orchestrator.CpuTime();
        await Task.Delay(window); // the measurement is a window of time: nothing to wait for but the clock
        return orchestrator.CpuTime() - before;
    }
}
