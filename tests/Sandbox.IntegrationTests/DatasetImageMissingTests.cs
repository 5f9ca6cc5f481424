using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>
/// Sessions whose dataset image is not on the engine (pruned, or an engine wiped): pulled again by digest from the
/// registry, loaded again from the layout without one, and failed with <c>dataset_image_unavailable</c> (a reason and a
/// message an analyst can read, on <c>GET /api/v1/sessions/{id}</c>) leaving nothing on the engine when neither can be.
/// Real orchestrator, engine, registry (Debian's Distribution) and notebook image.
/// </summary>
public sealed class DatasetImageMissingTests
{
    [Fact]
    public async Task With_a_registry_an_image_removed_from_the_engine_is_pulled_by_digest_and_the_session_reads_its_files()
    {
        await using var registry = await RegistryProcess.StartAsync();
        await using var orchestrator = new OrchestratorProcess(RegistrySettings(registry));
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (image, imageId) = await PublishAsync(admin, orchestrator, "repulled");
        try
        {
            Assert.True(await DockerEngine.RemoveImageAsync(image), "the published image could not be removed from the engine");
            Assert.False(await DockerEngine.ImageExistsAsync(image));

            var (analyst, session) = await LaunchAsync(admin, "repull-analyst", "repulled");
            using var _ = analyst;
            var state = await analyst.WaitForStateAsync(session, TimeSpan.FromSeconds(120), "running", "failed");
            Assert.True(state.GetProperty("state").GetString() == "running", state.ToString());

            Assert.Equal(imageId, (await DockerEngine.InspectImageAsync(image)).ID);
            Assert.Equal(FileText(orchestrator), await ReadInSessionAsync(analyst, orchestrator, session, "repulled"));
        }
        finally
        {
            await DockerEngine.RemoveImageAsync(image);
        }
    }

    [Fact]
    public async Task A_registry_that_lost_the_image_fails_the_session_with_dataset_image_unavailable_and_leaves_nothing()
    {
        await using var registry = await RegistryProcess.StartAsync();
        var settings = RegistrySettings(registry);
        await using var orchestrator = new OrchestratorProcess(settings);
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (image, _) = await PublishAsync(admin, orchestrator, "lost");
        Assert.True(await DockerEngine.RemoveImageAsync(image), "the published image could not be removed from the engine");

        // The registry loses the manifest and the layer (its repository and the blob's data, from its storage folder).
        var layout = await Sandbox.Datasets.Oci.DataImageLayout.OpenAsync(Path.Combine(orchestrator.DataDir, "datasets", "images", "lost", "1"), CancellationToken.None);
        Assert.NotNull(layout);
        Directory.Delete(Path.Combine(registry.Folder, "storage", "docker", "registry", "v2", "repositories", settings["Sandbox__Registry__Repository"]), recursive: true);
        Directory.Delete(registry.BlobFolder(layout.Layer.Digest), recursive: true);

        await AssertUnavailableAsync(admin, orchestrator, "lost", image);
    }

    [Fact]
    public async Task A_registry_that_is_down_fails_the_session_with_dataset_image_unavailable()
    {
        await using var registry = await RegistryProcess.StartAsync();
        await using var orchestrator = new OrchestratorProcess(RegistrySettings(registry));
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (image, _) = await PublishAsync(admin, orchestrator, "offline");
        Assert.True(await DockerEngine.RemoveImageAsync(image), "the published image could not be removed from the engine");
        await registry.StopAsync();

        await AssertUnavailableAsync(admin, orchestrator, "offline", image);
    }

    [Fact]
    public async Task Without_a_registry_an_image_the_engine_lost_is_loaded_again_from_its_layout()
    {
        await using var orchestrator = new OrchestratorProcess();
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (image, imageId) = await PublishAsync(admin, orchestrator, "reloaded");
        Assert.True(await DockerEngine.RemoveImageAsync(image), "the published image could not be removed from the engine");
        Assert.False(await DockerEngine.ImageExistsAsync(image));

        var (analyst, session) = await LaunchAsync(admin, "reload-analyst", "reloaded");
        using var _ = analyst;
        var state = await analyst.WaitForStateAsync(session, TimeSpan.FromSeconds(120), "running", "failed");
        Assert.True(state.GetProperty("state").GetString() == "running", state.ToString());

        Assert.Equal(imageId, (await DockerEngine.InspectImageAsync(image)).ID);
        Assert.Equal(FileText(orchestrator), await ReadInSessionAsync(analyst, orchestrator, session, "reloaded"));
        Assert.Equal(1, orchestrator.CountInLog("was loaded again from its layout"));
    }

    [Fact]
    public async Task Without_a_registry_an_image_lost_with_its_layout_fails_the_session_with_dataset_image_unavailable()
    {
        await using var orchestrator = new OrchestratorProcess();
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (image, _) = await PublishAsync(admin, orchestrator, "wiped");
        Assert.True(await DockerEngine.RemoveImageAsync(image), "the published image could not be removed from the engine");
        Directory.Delete(Path.Combine(orchestrator.DataDir, "datasets", "images", "wiped", "1"), recursive: true);

        await AssertUnavailableAsync(admin, orchestrator, "wiped", image);
    }

    private static Dictionary<string, string> RegistrySettings(RegistryProcess registry) => new()
    {
        ["Sandbox__Registry__Url"] = registry.Url.ToString(),
        ["Sandbox__Registry__Repository"] = "sandbox-it-" + Guid.NewGuid().ToString("N")[..10],
    };

    // The run id in the file makes the layer this run's own, so no other image on the engine shares it.
    private static string FileText(OrchestratorProcess orchestrator) => $"shop,sales\nA,{orchestrator.RunId}\n";

    private static async Task<(string Image, string ImageId)> PublishAsync(SandboxApi admin, OrchestratorProcess orchestrator, string name)
    {
        await admin.PublishDatasetAsync(name, "1", new Dictionary<string, string> { ["shops.csv"] = FileText(orchestrator) });
        var version = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}")).GetProperty("versions")[0];
        return (version.GetProperty("image").GetString()!, version.GetProperty("imageId").GetString()!);
    }

    private static async Task<(SandboxApi Analyst, string Session)> LaunchAsync(SandboxApi admin, string member, string dataset)
    {
        var (analyst, _) = await admin.CreateMemberAsync(member);
        return (analyst, (await analyst.LaunchAsync("python", "small", dataset)).GetProperty("id").GetString()!);
    }

    private static async Task<string> ReadInSessionAsync(SandboxApi analyst, OrchestratorProcess orchestrator, string session, string dataset)
    {
        await using var kernel = await JupyterKernel.StartAsync(analyst, orchestrator.BaseAddress, session);
        var (output, error) = await kernel.ExecuteAsync($"print(open('/data/{dataset}/shops.csv').read(), end='')", TimeSpan.FromSeconds(60));
        Assert.Null(error);
        return output;
    }

    private static async Task AssertUnavailableAsync(SandboxApi admin, OrchestratorProcess orchestrator, string dataset, string image)
    {
        var (analyst, memberId) = await admin.CreateMemberAsync($"{dataset}-analyst");
        using var _ = analyst;
        var session = (await analyst.LaunchAsync("python", "small", dataset)).GetProperty("id").GetString()!;

        // 1. Failed, with the reason and a message that names the dataset and its version, as the API shows it.
        var failed = await analyst.WaitForStateAsync(session, TimeSpan.FromSeconds(120), "running", "failed");
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Equal("dataset_image_unavailable", failed.GetProperty("reason").GetString());
        Assert.Contains($"dataset {dataset} version 1", failed.GetProperty("message").GetString(), StringComparison.Ordinal);

        // 2. Nothing of this installation's on the engine for it: no sandbox, no data container, no home volume, no image.
        var ours = $"{orchestrator.LabelPrefix}installation={orchestrator.InstallationId}";
        Assert.Empty(await DockerEngine.ContainersAsync([ours, $"{orchestrator.LabelPrefix}session={session}"]));
        Assert.Empty(await DockerEngine.ContainersAsync([ours, $"{orchestrator.LabelPrefix}data-image={image}"]));
        Assert.Empty(await DockerEngine.VolumesAsync([ours, $"{orchestrator.LabelPrefix}member={memberId}"]));
        Assert.False(await DockerEngine.ImageExistsAsync(image));
    }
}
