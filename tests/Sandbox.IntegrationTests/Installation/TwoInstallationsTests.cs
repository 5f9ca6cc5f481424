using System.Net;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Installation;

/// <summary>
/// Two installations on one engine, both with the default labels and names (the other tests give each run its own, which
/// hid that two installations used to sweep each other's notebooks as orphans).
/// </summary>
public sealed class TwoInstallationsTests
{
    private const string SandboxSweepRan = "Scheduled work sweep.sandboxes ran";

    // What a default installation is given; the data images keep the run's own repository (no dataset is published here).
    private static readonly Dictionary<string, string> Defaults = new()
    {
        ["Sandbox__Docker__LabelPrefix"] = "org.sandbox.",
        ["Sandbox__Docker__ContainerNamePrefix"] = "sandbox-s-",
        ["Sandbox__Docker__DataContainerNamePrefix"] = "sandbox-data-",
        ["Sandbox__Docker__NetworkName"] = "sandbox-sessions",
        ["Sandbox__Sweep__Interval"] = "00:00:01",
        ["Logging__LogLevel__Sandbox.Orchestrator.Scheduling"] = "Debug",
    };

    [Fact]
    public async Task Two_installations_with_default_names_keep_each_others_sessions_running_through_sweeps_and_each_stops_its_own()
    {
        await using var first = new OrchestratorProcess(Defaults);
        await using var second = new OrchestratorProcess(Defaults);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        Assert.NotEqual(first.InstallationId, second.InstallationId);

        // 1. A sandbox made before installations had ids (no installation label) belongs to neither new installation.
        var legacy = await DockerEngine.StartOrphanAsync("org.sandbox.", first.RunId, "legacylegacy0001", installationId: null);
        try
        {
            // 2. Each installation runs a session.
            var sessions = await Task.WhenAll(LaunchAsync(first, "first-analyst"), LaunchAsync(second, "second-analyst"));
            using var firstAnalyst = sessions[0].Analyst;
            using var secondAnalyst = sessions[1].Analyst;

            // 3. Three sandbox sweeps of each installation after both run (each logs every pass at Debug).
            var before = (first.CountInLog(SandboxSweepRan), second.CountInLog(SandboxSweepRan));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((first.CountInLog(SandboxSweepRan) < before.Item1 + 3 || second.CountInLog(SandboxSweepRan) < before.Item2 + 3) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200); // poll interval: the sweeps' log lines are the signal, read until they appear or the deadline
            }

            Assert.True(first.CountInLog(SandboxSweepRan) >= before.Item1 + 3, first.Tail());
            Assert.True(second.CountInLog(SandboxSweepRan) >= before.Item2 + 3, second.Tail());

            // 4. Both sessions still run, each sandbox labelled with its own installation and named with its id; the legacy one is untouched.
            foreach (var (orchestrator, (analyst, id)) in new[] { (first, sessions[0]), (second, sessions[1]) })
            {
                Assert.Equal("running", (await analyst.GetSessionAsync(id)).GetProperty("state").GetString());
                var sandbox = Assert.Single(await DockerEngine.ContainersAsync($"org.sandbox.session={id}"));
                Assert.Equal(("running", orchestrator.InstallationId), (sandbox.State, sandbox.Labels["org.sandbox.installation"]));
                Assert.Equal($"sandbox-s-{orchestrator.InstallationId}-{id}", sandbox.Name);
                Assert.DoesNotContain("removes the sandbox", orchestrator.Tail(int.MaxValue), StringComparison.Ordinal);
            }

            Assert.Equal("running", Assert.Single(await DockerEngine.ContainersAsync("org.sandbox.session=legacylegacy0001")).State);

            // 5. Each stops its own; the other's keeps running until it does.
            Assert.Equal(HttpStatusCode.Accepted, (await firstAnalyst.Http.DeleteAsync($"/api/v1/sessions/{sessions[0].Id}")).StatusCode);
            await firstAnalyst.WaitForStateAsync(sessions[0].Id, TimeSpan.FromSeconds(60), "stopped");
            Assert.Empty(await DockerEngine.ContainersAsync($"org.sandbox.session={sessions[0].Id}"));
            Assert.Equal("running", Assert.Single(await DockerEngine.ContainersAsync($"org.sandbox.session={sessions[1].Id}")).State);

            Assert.Equal(HttpStatusCode.Accepted, (await secondAnalyst.Http.DeleteAsync($"/api/v1/sessions/{sessions[1].Id}")).StatusCode);
            await secondAnalyst.WaitForStateAsync(sessions[1].Id, TimeSpan.FromSeconds(60), "stopped");
            Assert.Empty(await DockerEngine.ContainersAsync($"org.sandbox.session={sessions[1].Id}"));
        }
        finally
        {
            await DockerEngine.RemoveContainerAsync(legacy);
        }
    }

    private static async Task<(SandboxApi Analyst, string Id)> LaunchAsync(OrchestratorProcess orchestrator, string name)
    {
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (analyst, _) = await admin.CreateMemberAsync(name);
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var state = await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(90), "running", "failed");
        Assert.True(state.GetProperty("state").GetString() == "running", $"{state}\n{orchestrator.Tail()}");
        return (analyst, id);
    }
}
