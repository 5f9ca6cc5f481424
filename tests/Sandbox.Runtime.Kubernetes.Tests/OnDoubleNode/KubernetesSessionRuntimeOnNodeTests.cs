using System.Net;
using System.Net.Http.Headers;
using Sandbox.KubernetesDouble;

namespace Sandbox.Runtime.Kubernetes.Tests.OnDoubleNode;

/// <summary>The adapter on the test cluster: real pods of the real notebook image on the Docker engine.</summary>
public sealed class KubernetesSessionRuntimeOnNodeTests(DoubleClusterFixture cluster) : IClassFixture<DoubleClusterFixture>
{
    private static string Ns => Specs.Options().Namespace;

    private static CancellationToken Deadline => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    private RuntimeSpec Notebook(string sessionId) => Specs.Cpu() with
    {
        SessionId = sessionId,
        Image = DoubleClusterFixture.NotebookImage,
        Command = ["jupyter", "notebook", "--no-browser", "--ip=0.0.0.0", "--port=8888"],
        Limits = new ResourceLimits(Cpu: 0.5m, MemoryGiB: 0.5m, Pids: 256, Gpu: 0),
        Home = new HomeVolume("member-7", "/home/analyst"),
        Datasets = [new DatasetMount("shops", "1", cluster.DataImage, "/data/shops")],
    };

    [Fact]
    public async Task A_session_with_a_dataset_runs_its_notebook_answering_with_its_token_and_stopping_leaves_only_the_home()
    {
        using var runtime = cluster.Runtime();
        var progress = new OnApiDouble.RecordingProgress();

        var state = await runtime.StartAsync(Notebook("s00000000000node1"), progress, Deadline);
        var observed = await runtime.ObserveAsync("s00000000000node1", state, Deadline);

        Assert.Equal(RuntimePhase.Running, observed.Phase);
        Assert.Contains(progress.Steps, s => s.Percent == 30);
        var endpoint = observed.Endpoint!;
        await UntilJupyterAnswersAsync(runtime, "s00000000000node1", endpoint);
        using (var withToken = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, "/api/status")))
        {
            withToken.Headers.Authorization = new AuthenticationHeaderValue("token", "token-for-tests");
            using var answer = await cluster.Http.SendAsync(withToken);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        using (var withoutToken = await cluster.Http.GetAsync(new Uri(endpoint, "/api/contents")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        }

        // The node mounted the dataset's folder of the data image (subPath data/shops) read-only where the spec says.
        var container = Assert.Single(await Sandbox.Testing.DockerEngine.ContainersAsync("kube-runtime-test.pod=sbx-inst0example-s00000000000node1"));
        var inspected = await (await Sandbox.Testing.DockerEngine.ClientAsync()).Containers.InspectContainerAsync(container.Name);
        var dataset = Assert.Single(inspected.Mounts ?? [], m => m.Destination == "/data/shops");
        Assert.False(dataset.RW);
        Assert.True(File.Exists(Path.Combine(dataset.Source, "prices.csv")), dataset.Source);

        await runtime.StopAsync("s00000000000node1", state, Deadline);
        await cluster.Server.Store.UntilAsync(() => cluster.Server.Store.Get("pods", Ns, "sbx-inst0example-s00000000000node1") is null
            && cluster.Server.Store.Get("secrets", Ns, "sbx-inst0example-s00000000000node1-token") is null, Deadline);
        Assert.Equal(RuntimePhase.Absent, (await runtime.ObserveAsync("s00000000000node1", state, Deadline)).Phase);
        Assert.NotNull(cluster.Server.Store.Get("persistentvolumeclaims", Ns, "home-inst0example-member-7"));
    }

    [Fact]
    public async Task A_notebook_image_the_node_cannot_pull_fails_the_start_as_image_pull_failed_and_leaves_nothing()
    {
        using var runtime = cluster.Runtime();

        var refused = await Assert.ThrowsAsync<RuntimeException>(() =>
            runtime.StartAsync(Notebook("s00000000000node2") with { Image = cluster.Registry.Host + "/no/such-notebook:1" }, new OnApiDouble.RecordingProgress(), Deadline));

        Assert.Equal("image_pull_failed", refused.Reason);
        Assert.Contains("no/such-notebook:1", refused.Message, StringComparison.Ordinal);
        await cluster.Server.Store.UntilAsync(() => cluster.Server.Store.Get("pods", Ns, "sbx-inst0example-s00000000000node2") is null
            && cluster.Server.Store.Get("secrets", Ns, "sbx-inst0example-s00000000000node2-token") is null, Deadline);
    }

    [Fact]
    public async Task A_gpu_session_on_a_cluster_without_gpus_fails_as_gpu_unavailable_with_the_schedulers_words_and_leaves_nothing()
    {
        using var runtime = cluster.Runtime(o => o.ScheduleTimeout = TimeSpan.FromSeconds(2));

        var refused = await Assert.ThrowsAsync<RuntimeException>(() =>
            runtime.StartAsync(Notebook("s00000000000node3") with { Limits = new ResourceLimits(1, 1, 256, 1) }, new OnApiDouble.RecordingProgress(), Deadline));

        Assert.Equal("gpu_unavailable", refused.Reason);
        Assert.Contains("nvidia.com/gpu", refused.Message, StringComparison.Ordinal);
        await cluster.Server.Store.UntilAsync(() => cluster.Server.Store.Get("pods", Ns, "sbx-inst0example-s00000000000node3") is null
            && cluster.Server.Store.Get("secrets", Ns, "sbx-inst0example-s00000000000node3-token") is null, Deadline);
    }

    /// <summary>Jupyter listens a moment after its container starts: it says so in its log, which the adapter follows.</summary>
    private async Task UntilJupyterAnswersAsync(KubernetesSessionRuntime runtime, string sessionId, Uri endpoint)
    {
        var deadline = Deadline;
        await foreach (var _ in runtime.FollowOutputAsync(sessionId, deadline))
        {
            try
            {
                using var answer = await cluster.Http.GetAsync(new Uri(endpoint, "/api"), deadline);
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: the next log line says more.
            }
        }

        throw new InvalidOperationException("The notebook's log ended before it answered.");
    }
}
