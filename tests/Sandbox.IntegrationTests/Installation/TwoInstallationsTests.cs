using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Installation;

/// <summary>
/// Two installations on one engine, both with the default labels and names (the other tests give each run its own, which
/// hid that two installations used to sweep each other's notebooks as orphans).
/// </summary>
public sealed class TwoInstallationsTests
{
    private const string SandboxSweepRan = "Scheduled work sweep.sandboxes ran";

    // What a default installation is given; the data images keep the run's own repository.
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

    [Fact]
    public async Task A_withdrawn_data_image_is_removed_by_its_own_installation_while_the_other_installations_copy_of_the_same_files_stays_mountable()
    {
        // Both publish the same files as the same name and version: the same image id on the engine, under each one's
        // own reference (each run's own Sandbox:Datasets:ImageRepository), each with its own data container.
        var settings = new Dictionary<string, string>(Defaults) { ["Sandbox__Sweep__WithdrawnImageGrace"] = "00:00:00" };
        await using var first = new OrchestratorProcess(settings);
        await using var second = new OrchestratorProcess(settings);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        using var firstAdmin = await SandboxApi.SignInAsync(first.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        using var secondAdmin = await SandboxApi.SignInAsync(second.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var files = new Dictionary<string, string> { ["shared.csv"] = "k,v\n1,2\n" };
        await Task.WhenAll(firstAdmin.PublishDatasetAsync("shared-files", "1", files), secondAdmin.PublishDatasetAsync("shared-files", "1", files));
        var firstVersion = await VersionAsync(firstAdmin, "shared-files", "1");
        var secondVersion = await VersionAsync(secondAdmin, "shared-files", "1");
        var imageId = firstVersion.GetProperty("imageId").GetString()!;
        Assert.Equal(imageId, secondVersion.GetProperty("imageId").GetString());
        Assert.NotEqual(firstVersion.GetProperty("image").GetString(), secondVersion.GetProperty("image").GetString());

        // 1. Each mounts it once, so each has a data container of it.
        foreach (var (orchestrator, name) in new[] { (first, "first-reader"), (second, "second-reader") })
        {
            var (analyst, id) = await LaunchAsync(orchestrator, name, "shared-files@1");
            using (analyst)
            {
                Assert.Equal(HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
                await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
            }
        }

        Assert.Single(await DataContainersAsync(first));
        Assert.Single(await DataContainersAsync(second));

        // 2. The first withdraws its version; its sweep removes its reference and its data container.
        Assert.Equal(HttpStatusCode.OK, (await firstAdmin.Http.PostAsync("/api/v1/datasets/shared-files/versions/1/withdraw", null)).StatusCode);
        Assert.True(await first.LogContainsAsync("Sweep removed the image", TimeSpan.FromSeconds(30)), first.Tail());
        Assert.False(await DockerEngine.ImageExistsAsync(firstVersion.GetProperty("image").GetString()!));
        Assert.Empty(await DataContainersAsync(first));

        // 3. The second's image (the same id) and data container stay, and a new session of the second mounts them.
        Assert.Equal(imageId, (await DockerEngine.InspectImageAsync(secondVersion.GetProperty("image").GetString()!)).ID);
        Assert.Single(await DataContainersAsync(second));
        var (secondAnalyst, secondId) = await LaunchAsync(second, "second-reader-again", "shared-files@1");
        using (secondAnalyst)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await secondAnalyst.Http.DeleteAsync($"/api/v1/sessions/{secondId}")).StatusCode);
            await secondAnalyst.WaitForStateAsync(secondId, TimeSpan.FromSeconds(60), "stopped");
        }

        Assert.DoesNotContain("Sweep removed the image", second.Tail(int.MaxValue), StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<(string Name, Dictionary<string, string> Labels, string State)>> DataContainersAsync(OrchestratorProcess orchestrator) =>
        await DockerEngine.ContainersAsync(["org.sandbox.data=true", $"org.sandbox.installation={orchestrator.InstallationId}"]);

    private static async Task<JsonElement> VersionAsync(SandboxApi admin, string name, string version) =>
        (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}")).GetProperty("versions").EnumerateArray()
            .Single(v => v.GetProperty("version").GetString() == version);

    private static async Task<(SandboxApi Analyst, string Id)> LaunchAsync(OrchestratorProcess orchestrator, string name, params string[] datasets)
    {
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (analyst, _) = await admin.CreateMemberAsync(name);
        var id = (await analyst.LaunchAsync("python", "small", datasets)).GetProperty("id").GetString()!;
        var state = await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(90), "running", "failed");
        Assert.True(state.GetProperty("state").GetString() == "running", $"{state}\n{orchestrator.Tail()}");
        return (analyst, id);
    }
}
