using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Datasets.Oci;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>
/// A published version without a layout (as every version the engine built before layouts existed) gets one at the
/// next start, made from the engine's image and checked against the catalog's content digest; previews then work.
/// </summary>
public sealed class DatasetLayoutBackfillTests
{
    [Fact]
    public async Task A_version_without_a_layout_gets_one_from_its_engine_image_at_start()
    {
        await using var orchestrator = new OrchestratorProcess();
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        await admin.PublishDatasetAsync("older", "1", new Dictionary<string, string>
        {
            ["tables/sales.csv"] = "shop,sales\nA,100\n",
            ["README.txt"] = "made before layouts\n",
        });
        var folder = Path.Combine(orchestrator.DataDir, "datasets", "images", "older", "1");
        var original = await DataImageLayout.OpenAsync(folder, CancellationToken.None);
        Assert.NotNull(original);

        // 1. The layout is gone while the orchestrator is down; the engine still has the image.
        await orchestrator.KillAsync();
        Directory.Delete(folder, recursive: true);

        // 2. At start it is made again from the image: the same files give the same image.
        await orchestrator.StartAsync();
        Assert.True(await orchestrator.LogContainsAsync("Dataset older@1: its OCI layout was made from the engine's image", TimeSpan.FromSeconds(30)), orchestrator.Tail());
        var rebuilt = await DataImageLayout.OpenAsync(folder, CancellationToken.None);
        Assert.NotNull(rebuilt);
        Assert.Equal(original.Manifest.Digest, rebuilt.Manifest.Digest);

        // 3. Previews read it.
        var preview = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets/older/versions/1/preview");
        var table = Assert.Single(preview.GetProperty("csv").EnumerateArray());
        Assert.Equal("tables/sales.csv", table.GetProperty("path").GetString());
    }
}
