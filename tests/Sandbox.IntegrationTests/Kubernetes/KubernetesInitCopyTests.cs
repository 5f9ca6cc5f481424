using System.Net;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Kubernetes;

/// <summary>The session lifecycle scenarios with datasets copied in by init containers (<c>DatasetMounts=InitCopy</c>).</summary>
[Collection(KubernetesTestGroup.Name)]
public sealed class KubernetesInitCopySessionLifecycleTests(KubernetesClusterFixture cluster) : SessionLifecycleScenarios
{
    protected override SessionRuntimeKind Runtime { get; } = new KubernetesRuntimeKind(cluster.Cluster, KubernetesInitCopyTests.Settings);
}

/// <summary>
/// Datasets on a cluster without image volumes, on the test cluster: the notebook image's static BusyBox and the data
/// image (by digest, from the registry, no command of its own) run as init containers that copy the dataset into an
/// <c>emptyDir</c> the notebook reads read-only; a data image the node cannot pull fails the session with
/// <c>dataset_image_unavailable</c>. One orchestrator per test, in a namespace of its own.
/// </summary>
[Collection(KubernetesTestGroup.Name)]
public sealed class KubernetesInitCopyTests(KubernetesClusterFixture fixture) : IAsyncLifetime
{
    /// <summary>The adapter's settings of this mode.</summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Sandbox__Kubernetes__DatasetMounts"] = "InitCopy",
    };

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private readonly KubernetesTestCluster _cluster = fixture.Cluster;
    private OrchestratorProcess _orchestrator = null!;
    private SandboxApi _admin = null!;
    private SandboxApi _analyst = null!;

    public async Task InitializeAsync()
    {
        _orchestrator = _cluster.NewOrchestrator(Settings);
        await _orchestrator.StartAsync();
        _admin = await SandboxApi.SignInAsync(_orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        (_analyst, _) = await _admin.CreateMemberAsync("init-copy-analyst");
    }

    public async Task DisposeAsync()
    {
        _analyst?.Dispose();
        _admin?.Dispose();
        await _orchestrator.DisposeAsync();
    }

    [Fact]
    public async Task A_dataset_copied_by_init_containers_is_read_through_the_proxy_cannot_be_written_and_the_stop_leaves_nothing()
    {
        await _admin.PublishDatasetAsync("prices", "1", new Dictionary<string, string>
        {
            ["prices.csv"] = "shop,price\nnorth,3\nsouth,4\n",
            ["notes/README.txt"] = "Prices of 2026.\n",
        });

        var id = (await _analyst.LaunchAsync("python", "small", "prices")).GetProperty("id").GetString()!;
        var running = await _analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{_orchestrator.Tail()}");

        // The pod copied the dataset in: the copy tool first, then the data image by digest; no image volume.
        var pod = Assert.Single(_cluster.ObjectsOf(_orchestrator, "pods"), p => KubernetesTestCluster.LabelOf(p, KubernetesTestCluster.SessionLabel) == id);
        var init = pod["spec"]!["initContainers"]!.AsArray();
        Assert.Equal(["copy-tool", "dataset-0"], init.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Contains("@sha256:", init[1]!["image"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(pod["spec"]!["volumes"]!.AsArray(), v => v!["image"] is not null);
        Assert.All(pod["status"]!["initContainerStatuses"]!.AsArray(), s => Assert.Equal(0L, s!["state"]!["terminated"]!["exitCode"]!.GetValue<long>()));

        await using (var kernel = await JupyterKernel.StartAsync(_analyst, _orchestrator.BaseAddress, id))
        {
            var (output, error) = await kernel.ExecuteAsync(
                "import os, pandas as pd\ndf = pd.read_csv('/data/prices/prices.csv')\nprint(int(df['price'].sum()))\nprint(open('/data/prices/notes/README.txt').read(), end='')\nprint(os.getuid())",
                TimeSpan.FromSeconds(60));
            Assert.Null(error);
            Assert.Equal("7\nPrices of 2026.\n1000\n", output);

            var (writeOutput, _) = await kernel.ExecuteAsync(
                "for path in ['/data/prices/new.csv', '/data/prices/prices.csv']:\n    try:\n        open(path, 'a').write('x')\n        print('written')\n    except OSError as e:\n        print(e.strerror)",
                TimeSpan.FromSeconds(30));
            Assert.Equal("Read-only file system\nRead-only file system\n", writeOutput);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await _analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        var stopped = await _analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(30), "stopped", "failed");
        Assert.True(stopped.GetProperty("state").GetString() == "stopped", $"{stopped}\n{_orchestrator.Tail()}");
        await AssertNothingLeftAsync(id);
    }

    [Fact]
    public async Task A_data_image_the_node_cannot_pull_fails_the_session_with_dataset_image_unavailable_and_leaves_nothing()
    {
        await _admin.PublishDatasetAsync("vanished", "1", new Dictionary<string, string> { ["vanished.csv"] = "a,b\n1,2\n" });

        // The registry keeps the manifest (the orchestrator's check passes) but loses the layer: only the node's pull fails.
        var layout = await Sandbox.Datasets.Oci.DataImageLayout.OpenAsync(Path.Combine(_orchestrator.DataDir, "datasets", "images", "vanished", "1"), CancellationToken.None);
        Assert.NotNull(layout);
        Directory.Delete(_cluster.Registry.BlobFolder(layout.Layer.Digest), recursive: true);

        var id = (await _analyst.LaunchAsync("python", "small", "vanished")).GetProperty("id").GetString()!;
        var failed = await _analyst.WaitForStateAsync(id, SettleTimeout, "failed", "running");

        Assert.True(failed.GetProperty("state").GetString() == "failed", $"{failed}\n{_orchestrator.Tail()}");
        Assert.Equal("dataset_image_unavailable", failed.GetProperty("reason").GetString());
        Assert.Contains("The data image of dataset vanished cannot be pulled", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingLeftAsync(id);
    }

    // No pod and no secret of the session, within a deadline (a pod's deletion is graceful).
    private async Task AssertNothingLeftAsync(string sessionId)
    {
        bool Clean() =>
            !_cluster.ObjectsOf(_orchestrator, "pods").Any(p => KubernetesTestCluster.LabelOf(p, KubernetesTestCluster.SessionLabel) == sessionId)
            && !_cluster.ObjectsOf(_orchestrator, "secrets").Any(s => KubernetesTestCluster.LabelOf(s, KubernetesTestCluster.SessionLabel) == sessionId);

        Assert.True(await _cluster.WaitForAsync(Clean, TimeSpan.FromSeconds(30)),
            $"left: {string.Join(", ", _cluster.ObjectsOf(_orchestrator, "pods").Concat(_cluster.ObjectsOf(_orchestrator, "secrets")).Select(KubernetesTestCluster.NameOf))}\n{_orchestrator.Tail()}");
    }
}
