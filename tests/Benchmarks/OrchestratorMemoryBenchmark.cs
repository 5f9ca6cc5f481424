using Sandbox.Testing;

namespace Benchmarks;

/// <summary>The orchestrator's resident memory idle and with N running sessions.</summary>
internal static class OrchestratorMemoryBenchmark
{
    public static async Task RunAsync(OrchestratorProcess orchestrator, SandboxApi analyst, int sessions)
    {
        var idle = ResidentMiB(orchestrator);
        var ids = new List<string>();
        for (var i = 0; i < sessions; i += 10)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(10, sessions - i)).Select(_ => analyst.LaunchAsync()));
            ids.AddRange(batch.Select(b => b.GetProperty("id").GetString()!));
            foreach (var id in ids)
            {
                await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(300), "running");
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(10)); // a few resync rounds with everything running
        var busy = ResidentMiB(orchestrator);
        Report.Line($"| orchestrator resident memory | idle {idle:0} MiB | {sessions} running sessions {busy:0} MiB | +{(busy - idle) / sessions:0.0} MiB per session |");

        foreach (var id in ids)
        {
            (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        }

        foreach (var id in ids)
        {
            await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(120), "stopped");
        }
    }

    private static double ResidentMiB(OrchestratorProcess orchestrator)
    {
        var status = File.ReadAllLines($"/proc/{orchestrator.ProcessId}/status");
        var kib = long.Parse(status.Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture);
        return kib / 1024.0;
    }
}
