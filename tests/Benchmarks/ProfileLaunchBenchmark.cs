using System.Diagnostics;
using Sandbox.Testing;

namespace Benchmarks;

/// <summary>
/// The .NET Interactive profile against the Python one, in one run, alternating (issue 18): launch latency (the launch
/// request until the notebook answers through the proxy) and first-cell latency (a kernel of the profile's language
/// started through the proxy until <c>1 + 1</c> has printed), and the two images' sizes.
/// </summary>
internal static class ProfileLaunchBenchmark
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private sealed record Profile(string Id, string Image, string Kernel, string Cell);

    private static readonly Profile[] Profiles =
    [
        new("python", "sandbox/python-notebook:1", "python3", "print(1 + 1)"),
        new("dotnet", "sandbox/dotnet-interactive:1", ".net-csharp", "Console.WriteLine(1 + 1);"),
    ];

    public static async Task RunAsync(OrchestratorProcess orchestrator, SandboxApi analyst, int rounds)
    {
        foreach (var profile in Profiles)
        {
            var image = await DockerEngine.InspectImageAsync(profile.Image);
            Report.Line($"| image {profile.Image} | {image.Size / 1_000_000.0:0} MB | {image.RootFS?.Layers?.Count ?? 0} layers |");
        }

        // Warm-up: one of each (first use of each image's layers, the orchestrator's tiered JIT), not counted.
        foreach (var profile in Profiles)
        {
            await OnceAsync(orchestrator, analyst, profile);
        }

        var launch = Profiles.ToDictionary(p => p.Id, _ => new List<double>());
        var firstCell = Profiles.ToDictionary(p => p.Id, _ => new List<double>());
        for (var i = 0; i < rounds; i++)
        {
            foreach (var profile in i % 2 == 0 ? Profiles : Profiles.Reverse())
            {
                var (launched, cell) = await OnceAsync(orchestrator, analyst, profile);
                launch[profile.Id].Add(launched);
                firstCell[profile.Id].Add(cell);
            }
        }

        foreach (var profile in Profiles)
        {
            Report.Line($"| {profile.Id} ({rounds} runs) | launch p50 {Stats.P(launch[profile.Id], 50):0} ms, p90 {Stats.P(launch[profile.Id], 90):0} ms | first cell p50 {Stats.P(firstCell[profile.Id], 50):0} ms, p90 {Stats.P(firstCell[profile.Id], 90):0} ms |");
        }

        Report.Line($"| dotnet / python | launch p50 x{Stats.P(launch["dotnet"], 50) / Stats.P(launch["python"], 50):0.00} | first cell p50 x{Stats.P(firstCell["dotnet"], 50) / Stats.P(firstCell["python"], 50):0.00} |");
    }

    private static async Task<(double Launch, double FirstCell)> OnceAsync(OrchestratorProcess orchestrator, SandboxApi analyst, Profile profile)
    {
        var watch = Stopwatch.StartNew();
        var id = (await analyst.LaunchAsync(profile.Id)).GetProperty("id").GetString()!;
        await HttpPolling.UntilOkAsync(analyst.Http, new Uri(orchestrator.BaseAddress, $"/s/{id}/api/status"), PollInterval, TimeSpan.FromSeconds(120));
        var launched = watch.Elapsed.TotalMilliseconds;

        watch.Restart();
        await using (var kernel = await JupyterKernel.StartAsync(analyst, orchestrator.BaseAddress, id, profile.Kernel))
        {
            var (output, error) = await kernel.ExecuteAsync(profile.Cell, TimeSpan.FromSeconds(120));
            if (output != "2\n" || error is not null)
            {
                throw new InvalidOperationException($"{profile.Id}: the first cell printed '{output}' ({error})");
            }
        }

        var firstCell = watch.Elapsed.TotalMilliseconds;
        (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
        return (launched, firstCell);
    }
}
