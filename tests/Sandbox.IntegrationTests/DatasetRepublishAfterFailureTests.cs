using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>
/// A version whose build failed was never usable and has no image: it shows as failed with its reason to admins (never
/// to analysts), and publishing the same version again replaces it (a version that built stays immutable: 409).
/// </summary>
public sealed class DatasetRepublishAfterFailureTests
{
    [Fact]
    public async Task A_build_lost_in_a_crash_fails_with_its_reason_and_the_version_can_be_published_again()
    {
        await using var orchestrator = new OrchestratorProcess();
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);

        // 1. A large publish is accepted, and the orchestrator dies while building its image; its staged files and
        //    whatever layout it had are lost too (a resumable build would otherwise publish it after the restart).
        var random = new Random(11);
        var large = string.Concat(Enumerable.Range(0, 80).Select(_ => Convert.ToBase64String(RandomBytes(random, 512 * 1024))));
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(admin, "crashed", "1", large)).StatusCode);
        await orchestrator.KillAsync();
        var staged = Path.Combine(orchestrator.DataDir, "datasets", "staging", "crashed@1.context");
        var layout = Path.Combine(orchestrator.DataDir, "datasets", "images", "crashed", "1");
        Assert.True(File.Exists(staged) || Directory.Exists(layout), "the accepted version has neither staged files nor a layout");
        File.Delete(staged);
        if (Directory.Exists(layout))
        {
            Directory.Delete(layout, recursive: true);
        }

        // 2. After the restart the version is failed, with the reason, and has no image.
        await orchestrator.StartAsync();
        var failed = await VersionAsync(admin, "crashed", "1");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("build_interrupted", failed.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("imageId").ValueKind);

        // An analyst does not see the failed version: not listed, and its dataset (with nothing else) is not found.
        var (analyst, _) = await admin.CreateMemberAsync("republish-analyst");
        using var _a = analyst;
        var listed = await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets");
        Assert.DoesNotContain("crashed", listed.EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.Http.GetAsync("/api/v1/datasets/crashed")).StatusCode);

        // 3. The same version published again builds, and the catalog holds it once.
        await admin.PublishDatasetAsync("crashed", "1", new Dictionary<string, string> { ["a.csv"] = "k\n1\n" });
        var dataset = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets/crashed");
        var version = Assert.Single(dataset.GetProperty("versions").EnumerateArray());
        Assert.Equal("published", version.GetProperty("status").GetString());
        Assert.Equal(1, version.GetProperty("fileCount").GetInt32());
        var seen = await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets/crashed");
        Assert.Equal("published", Assert.Single(seen.GetProperty("versions").EnumerateArray()).GetProperty("status").GetString());

        // 4. Now it is immutable.
        var again = await PostAsync(admin, "crashed", "1", "k\n2\n");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("dataset.version_exists", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    private static async Task<HttpResponseMessage> PostAsync(SandboxApi admin, string name, string version, string csv)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new { name, version, title = "crash test" }), Encoding.UTF8, "application/json"), "metadata" },
            { new ByteArrayContent(SandboxApi.TarGz(new Dictionary<string, string> { ["data.csv"] = csv })), "archive", $"{name}.tar.gz" },
        };
        return await admin.Http.PostAsync("/api/v1/datasets", content);
    }

    private static async Task<JsonElement> VersionAsync(SandboxApi admin, string name, string version)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var dataset = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}");
            var found = dataset.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetString() == version);
            if (found.GetProperty("status").GetString() != "building")
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{name}@{version} is still building.");
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
