using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sandbox.Datasets;
using Sandbox.Datasets.Oci;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Orchestrator.Datasets.Registry;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>
/// Datasets published to a real registry (Debian's Distribution on 127.0.0.1): pushed by digest, pulled by the real
/// engine, mounted by a session; the registry down or refusing the credentials (the upload is refused, 503), or losing
/// a blob (the version fails, seen only by admins, with nothing left); and the upload answered before its image is made.
/// </summary>
public sealed class DatasetRegistryTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["shops.csv"] = "shop,district,sales\nA,Jung-gu,100\nB,Seo-gu,250\n",
        ["README.txt"] = "Shops of the city, 2026.\n",
    };

    [Fact]
    public async Task A_published_dataset_is_pushed_by_digest_pulled_by_the_engine_and_mounted_by_a_session()
    {
        await using var registry = await RegistryProcess.StartAsync();
        var repository = NewRepository();
        await using var orchestrator = new OrchestratorProcess(RegistrySettings(registry, repository));
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        string? image = null;
        try
        {
            // 1. Published: the catalog names the image by the digest of the manifest in the layout.
            await admin.PublishDatasetAsync("pushed", "1", Files);
            var version = await VersionAsync(admin, "pushed", "1");
            image = version.GetProperty("image").GetString()!;
            var layout = await DataImageLayout.OpenAsync(Path.Combine(orchestrator.DataDir, "datasets", "images", "pushed", "1"), CancellationToken.None);
            Assert.NotNull(layout);
            Assert.Equal($"{registry.Host}/{repository}/pushed@{layout.Manifest.Digest}", image);

            // 2. The registry holds that manifest and its blobs; the engine pulled it, and its id is the config's digest.
            Assert.True(registry.HasManifest($"{repository}/pushed", layout.Manifest.Digest), registry.Log());
            Assert.True(Directory.Exists(registry.BlobFolder(layout.Layer.Digest)));
            Assert.True(Directory.Exists(registry.BlobFolder(layout.Config.Digest)));
            var inspected = await DockerEngine.InspectImageAsync(image);
            Assert.Equal(layout.Config.Digest, inspected.ID);
            Assert.Equal(layout.Config.Digest, version.GetProperty("imageId").GetString());
            Assert.Contains(image, inspected.RepoDigests!);

            // 3. A session mounts it.
            var (analyst, _) = await admin.CreateMemberAsync("registry-analyst");
            using var _a = analyst;
            var session = (await analyst.LaunchAsync("python", "small", "pushed")).GetProperty("id").GetString()!;
            var state = await analyst.WaitForStateAsync(session, TimeSpan.FromSeconds(90), "running", "failed");
            Assert.True(state.GetProperty("state").GetString() == "running", state.ToString());
            Assert.Equal(HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync($"/api/v1/sessions/{session}")).StatusCode);
            await analyst.WaitForStateAsync(session, TimeSpan.FromSeconds(60), "stopped");
        }
        finally
        {
            if (image is not null)
            {
                await DockerEngine.RemoveImageAsync(image);
            }
        }
    }

    [Fact]
    public async Task With_credentials_the_push_and_the_engine_pull_both_authenticate()
    {
        await using var registry = await RegistryProcess.StartAsync("publisher", "right-password");
        var repository = NewRepository();
        var settings = RegistrySettings(registry, repository);
        settings["Sandbox__Registry__Username"] = "publisher";
        settings["Sandbox__Registry__Password"] = "right-password";
        await using var orchestrator = new OrchestratorProcess(settings);
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        string? image = null;
        try
        {
            await admin.PublishDatasetAsync("guarded", "1", Files);

            var version = await VersionAsync(admin, "guarded", "1");
            image = version.GetProperty("image").GetString()!;
            Assert.StartsWith($"{registry.Host}/{repository}/guarded@sha256:", image, StringComparison.Ordinal);
            Assert.Equal(version.GetProperty("imageId").GetString(), (await DockerEngine.InspectImageAsync(image)).ID);
        }
        finally
        {
            if (image is not null)
            {
                await DockerEngine.RemoveImageAsync(image);
            }
        }
    }

    [Fact]
    public async Task A_registry_that_is_down_refuses_the_upload_with_503_registry_unavailable_and_leaves_nothing()
    {
        await using var registry = await RegistryProcess.StartAsync();
        await registry.StopAsync();
        await using var orchestrator = new OrchestratorProcess(RegistrySettings(registry, NewRepository()));
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);

        var refused = await PostAsync(admin, "unreachable");

        await ProblemAssert.HasReasonAsync(refused, HttpStatusCode.ServiceUnavailable, "registry.unavailable");
        await AssertNoEntryAsync(admin, orchestrator, "unreachable");

        // Readiness names the registry as out, and keeps the orchestrator in rotation (everything else is served).
        using var probe = new HttpClient { BaseAddress = orchestrator.BaseAddress };
        using var ready = await probe.GetAsync("/healthz/ready");
        var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.True(ready.StatusCode == HttpStatusCode.OK, health.ToString());
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("registry").GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("runtime").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_wrong_password_refuses_the_upload_with_503_registry_credentials_refused_and_pushes_nothing()
    {
        await using var registry = await RegistryProcess.StartAsync("publisher", "right-password");
        var repository = NewRepository();
        var settings = RegistrySettings(registry, repository);
        settings["Sandbox__Registry__Username"] = "publisher";
        settings["Sandbox__Registry__Password"] = "wrong-password";
        await using var orchestrator = new OrchestratorProcess(settings);
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);

        var refused = await PostAsync(admin, "refused");

        await ProblemAssert.HasReasonAsync(refused, HttpStatusCode.ServiceUnavailable, "registry.credentials_refused");
        await AssertNoEntryAsync(admin, orchestrator, "refused");
        Assert.False(Directory.Exists(Path.Combine(registry.Folder, "storage", "docker", "registry", "v2", "repositories", repository)));
    }

    [Fact]
    public async Task A_registry_that_loses_a_blob_upload_fails_the_version_shown_only_to_admins_with_no_layout_and_no_manifest()
    {
        await using var registry = new BlobLosingRegistry();
        var repository = NewRepository();
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Registry__Url"] = registry.Url.ToString(),
            ["Sandbox__Registry__Repository"] = repository,
        });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (analyst, _) = await admin.CreateMemberAsync("lost-blob-analyst");
        using var _a = analyst;

        // 1. Accepted (the registry answers), then failed in the push, with the reason, for the admin.
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(admin, "lost")).StatusCode);
        var version = await SettledAsync(admin, "lost");
        Assert.Equal("failed", version.GetProperty("status").GetString());
        Assert.True(version.GetProperty("reason").GetString() == RegistryFailure.BlobMissing, $"{version}\n{orchestrator.Tail(20)}");
        Assert.Equal(JsonValueKind.Null, version.GetProperty("imageId").ValueKind);
        Assert.True(registry.LostUploads > 0, "the push never reached a blob upload");

        // 2. Nothing left: no layout, no staged files, and the registry has no manifest for the image the layout made.
        var image = version.GetProperty("image").GetString()!;
        Assert.Contains("@sha256:", image, StringComparison.Ordinal);
        var digest = image[(image.IndexOf('@', StringComparison.Ordinal) + 1)..];
        Assert.False(Directory.Exists(Path.Combine(orchestrator.DataDir, "datasets", "images", "lost", "1")), "the layout was left behind");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(orchestrator.DataDir, "datasets", "staging")));
        Assert.False(registry.WasManifestPut($"{repository}/lost", digest));
        using var http = new HttpClient { BaseAddress = registry.Url };
        using var head = new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/lost/manifests/{digest}");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(head)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v2/{repository}/lost/manifests/{digest}")).StatusCode);

        // 3. The analyst's catalog does not show it, and a session cannot mount it.
        var listed = await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/datasets");
        Assert.DoesNotContain("lost", listed.EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.Http.GetAsync("/api/v1/datasets/lost")).StatusCode);
        var launch = await analyst.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small", datasets = new[] { "lost@1" } });
        await ProblemAssert.HasReasonAsync(launch, HttpStatusCode.BadRequest, "session.unknown_dataset");
    }

    [Fact]
    public async Task The_upload_is_answered_before_the_layout_is_written()
    {
        // The build service works one version at a time: the first is held in its push (a signal), so the second is
        // answered while it waits for its build, and nothing of its image exists yet.
        await using var registry = new BlobLosingRegistry { HoldBlobs = true };
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Registry__Url"] = registry.Url.ToString(),
            ["Sandbox__Registry__Repository"] = NewRepository(),
        });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(admin, "first")).StatusCode);
        await registry.BlobRequested.WaitAsync(TimeSpan.FromSeconds(60));

        // 1. Answered 202 as building: its files are staged under its name, its layout does not exist.
        var answer = await PostAsync(admin, "second");
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal("building", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.True(File.Exists(Path.Combine(orchestrator.DataDir, "datasets", "staging", "second@1.context")), "the staged files are not kept for the build");
        Assert.False(Directory.Exists(Path.Combine(orchestrator.DataDir, "datasets", "images", "second", "1")), "the layout was written before the answer");
        Assert.Equal("building", (await VersionAsync(admin, "second", "1")).GetProperty("status").GetString());

        // 2. Released, both builds go on (and this registry loses their blobs): nothing stays building.
        registry.Release();
        Assert.Equal("failed", (await SettledAsync(admin, "first")).GetProperty("status").GetString());
        Assert.Equal("failed", (await SettledAsync(admin, "second")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_blob_lost_before_the_manifest_push_fails_with_registry_blob_missing_and_no_manifest_is_stored()
    {
        await using var registry = await RegistryProcess.StartAsync();
        var folder = Directory.CreateTempSubdirectory("sandbox-registry-push-").FullName;
        try
        {
            // 1. A data image made in-process, its blobs pushed.
            var layout = await WriteLayoutAsync(folder);
            var options = new RegistryOptions { Url = registry.Url, Repository = NewRepository() };
            using var http = new HttpClient();
            var pusher = new DataImagePusher(new OciRegistryClient(http, registry.Url, null, null), options);
            Assert.Null(await pusher.PushBlobsAsync(layout, "lost", CancellationToken.None));

            // 2. The registry loses the layer, then the manifest that names it is refused.
            Directory.Delete(registry.BlobFolder(layout.Layer.Digest), recursive: true);
            var failure = await pusher.PushManifestAsync(layout, "lost", CancellationToken.None);

            Assert.NotNull(failure);
            Assert.Equal(RegistryFailure.BlobMissing, failure.Reason);
            Assert.False(registry.HasManifest(pusher.RepositoryFor("lost"), layout.Manifest.Digest));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string NewRepository() => "sandbox-it-" + Guid.NewGuid().ToString("N")[..10];

    private static Dictionary<string, string> RegistrySettings(RegistryProcess registry, string repository) => new()
    {
        ["Sandbox__Registry__Url"] = registry.Url.ToString(),
        ["Sandbox__Registry__Repository"] = repository,
    };

    private static async Task AssertNoEntryAsync(SandboxApi admin, OrchestratorProcess orchestrator, string name)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/api/v1/datasets/{name}")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(orchestrator.DataDir, "datasets", "images", name)), "a layout was left behind");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(orchestrator.DataDir, "datasets", "staging")));
    }

    private static async Task<HttpResponseMessage> PostAsync(SandboxApi admin, string name)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new { name, version = "1", title = "registry test" }), Encoding.UTF8, "application/json"), "metadata" },
            { new ByteArrayContent(SandboxApi.TarGz(Files)), "archive", $"{name}.tar.gz" },
        };
        return await admin.Http.PostAsync("/api/v1/datasets", content);
    }

    private static async Task<JsonElement> SettledAsync(SandboxApi admin, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var version = await VersionAsync(admin, name, "1");
            if (version.GetProperty("status").GetString() != "building")
            {
                return version;
            }

            await Task.Delay(100); // the catalog has no change notification for scripts: poll the build's status
        }

        throw new TimeoutException($"{name} is still building.");
    }

    private static async Task<JsonElement> VersionAsync(SandboxApi admin, string name, string version) =>
        (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}")).GetProperty("versions").EnumerateArray()
            .Single(v => v.GetProperty("version").GetString() == version);

    private static async Task<DataImageLayout> WriteLayoutAsync(string folder)
    {
        var archive = Path.Combine(folder, "upload.tar.gz");
        var context = Path.Combine(folder, "context.tar");
        await File.WriteAllBytesAsync(archive, SandboxApi.TarGz(Files));
        var staged = await DatasetBuildContextFile.WriteAsync(
            new DatasetBuildContextWriter(new DatasetArchiveLimits()), DatasetName.Parse("lost").Value!, DatasetVersion.Parse("1").Value!, archive, context, CancellationToken.None);
        Assert.True(staged.IsSuccess, staged.Error?.Message);
        return await new DataImageLayoutWriter().WriteAsync(staged.Value, new DataImageDescription(null, null, null), context, Path.Combine(folder, "layout"), CancellationToken.None);
    }
}
