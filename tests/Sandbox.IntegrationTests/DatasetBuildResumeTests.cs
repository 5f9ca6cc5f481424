using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sandbox.Datasets.Oci;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>
/// An accepted upload survives a crash: its files are staged under the version's name before the 202, so after a
/// kill -9 during its build the next start resumes it (from the staged files, or from a complete layout) and it ends
/// published (or, resumed into a push that fails, failed with the push's reason), never stuck building, with the
/// staging area empty.
/// </summary>
public sealed class DatasetBuildResumeTests
{
    [Fact]
    public async Task A_build_killed_after_the_answer_resumes_at_the_next_start_and_ends_published()
    {
        await using var orchestrator = new OrchestratorProcess();
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);

        // 1. A sizeable upload is accepted; the orchestrator dies at once, in the middle of its build.
        var random = new Random(23);
        var files = Enumerable.Range(0, 40).ToDictionary(i => $"part-{i:D2}.txt", _ => Convert.ToBase64String(RandomBytes(random, 1024 * 1024)));
        var answer = await PostAsync(admin, "resumed", files);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal("building", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await orchestrator.KillAsync();
        var staged = Path.Combine(orchestrator.DataDir, "datasets", "staging", "resumed@1.context");
        var layoutFolder = Path.Combine(orchestrator.DataDir, "datasets", "images", "resumed", "1");
        Assert.True(File.Exists(staged) || await DataImageLayout.OpenAsync(layoutFolder, CancellationToken.None) is not null,
            "after the answer, the version has neither complete staged files nor a complete layout");

        // 2. After the restart it is built from what was kept and published; nothing is left in staging.
        await orchestrator.StartAsync();
        var version = await SettledAsync(admin, "resumed");
        Assert.True(version.GetProperty("status").GetString() == "published", version.ToString());
        Assert.Equal(40, version.GetProperty("fileCount").GetInt32());
        var layout = await DataImageLayout.OpenAsync(layoutFolder, CancellationToken.None);
        Assert.NotNull(layout);
        Assert.Equal(layout.Config.Digest, version.GetProperty("imageId").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(orchestrator.DataDir, "datasets", "staging")));
    }

    [Fact]
    public async Task A_build_killed_in_its_push_resumes_from_the_complete_layout_at_the_next_start()
    {
        // The registry holds the push (a signal that the layout is written and the build is in its hand-over), then
        // loses the blob uploads: after the restart the build goes on from the layout and ends failed with the push's
        // reason, not build_interrupted, and leaves nothing.
        await using var registry = new BlobLosingRegistry { HoldBlobs = true };
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Registry__Url"] = registry.Url.ToString(),
            ["Sandbox__Registry__Repository"] = "sandbox-it-" + Guid.NewGuid().ToString("N")[..10],
        });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);

        // 1. Killed while its push is held: the layout is complete, the staged files are still there.
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(admin, "held", new Dictionary<string, string> { ["a.csv"] = "k\n1\n" })).StatusCode);
        await registry.BlobRequested.WaitAsync(TimeSpan.FromSeconds(60));
        await orchestrator.KillAsync();
        var layoutFolder = Path.Combine(orchestrator.DataDir, "datasets", "images", "held", "1");
        Assert.NotNull(await DataImageLayout.OpenAsync(layoutFolder, CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(orchestrator.DataDir, "datasets", "staging", "held@1.context")));

        // 2. Restarted, the build resumes and reaches the registry again, which loses the blob: failed with that reason.
        registry.Release();
        await orchestrator.StartAsync();
        var version = await SettledAsync(admin, "held");
        Assert.Equal("failed", version.GetProperty("status").GetString());
        Assert.True(version.GetProperty("reason").GetString() == "registry_blob_missing", $"{version}\n{orchestrator.Tail(20)}");
        Assert.False(Directory.Exists(layoutFolder), "the layout was left behind");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(orchestrator.DataDir, "datasets", "staging")));
    }

    private static async Task<HttpResponseMessage> PostAsync(SandboxApi admin, string name, IReadOnlyDictionary<string, string> files)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new { name, version = "1", title = "resume test" }), Encoding.UTF8, "application/json"), "metadata" },
            { new ByteArrayContent(SandboxApi.TarGz(files)), "archive", $"{name}.tar.gz" },
        };
        return await admin.Http.PostAsync("/api/v1/datasets", content);
    }

    private static async Task<JsonElement> SettledAsync(SandboxApi admin, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var dataset = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}");
            var version = dataset.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetString() == "1");
            if (version.GetProperty("status").GetString() != "building")
            {
                return version;
            }

            await Task.Delay(100); // the catalog has no change notification for scripts: poll the build's status
        }

        throw new TimeoutException($"{name} is still building.");
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
