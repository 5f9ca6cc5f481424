using Sandbox.KubernetesDouble;
using Sandbox.KubernetesDouble.Node;
using Sandbox.Testing;

namespace Benchmarks.Kubernetes;

/// <summary>
/// The API-server double, optionally its Docker node, and the test registry the orchestrator requires on Kubernetes.
/// Like <see cref="KubernetesTestCluster"/> (whose settings it uses), but the node's allocatable is a parameter: that
/// fixture's node (8 CPUs, 16 GiB) schedules 8 of the 20 <c>small</c> sessions (1 CPU, 2 GiB) launched at once.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly string _runId = Guid.NewGuid().ToString("N")[..10];
    private readonly string _folder = Directory.CreateTempSubdirectory("sandbox-kube-bench-").FullName;

    public KubernetesApiDouble Api { get; } = new();

    public ClusterStore Store => Api.Store;

    public DockerNode? Node { get; private set; }

    public RegistryProcess Registry { get; private set; } = null!;

    public string KubeconfigPath { get; private set; } = null!;

    /// <param name="nodeCpu">The node's allocatable CPUs; 0 starts no node (the watch benchmark needs none).</param>
    /// <param name="nodeMemoryGiB">The node's allocatable memory.</param>
    public static async Task<BenchCluster> StartAsync(decimal nodeCpu, long nodeMemoryGiB)
    {
        var cluster = new BenchCluster();
        try
        {
            cluster.Registry = await RegistryProcess.StartAsync();
            await cluster.Api.StartAsync();
            if (nodeCpu > 0)
            {
                cluster.Node = await DockerNode.StartAsync(cluster.Store, new DockerNodeOptions
                {
                    NodeName = "double-node-1",
                    AllocatableCpu = nodeCpu,
                    AllocatableMemory = nodeMemoryGiB * 1024 * 1024 * 1024,
                    AllocatableGpus = 0,
                    PodNetwork = $"sandbox-bench-kube-{cluster._runId}",
                    LabelPrefix = $"sandbox-bench-kube-{cluster._runId}.",
                    StateDirectory = Path.Combine(cluster._folder, "node"),
                });
                cluster.Api.PodLogs = cluster.Node;
            }

            cluster.KubeconfigPath = cluster.Api.WriteKubeconfig(Path.Combine(cluster._folder, "kubeconfig"), "default");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The settings that put an orchestrator on this cluster, sessions in <paramref name="ns"/>.</summary>
    public Dictionary<string, string> SettingsFor(string ns) => new()
    {
        ["Sandbox__Runtime__Provider"] = "kubernetes",
        ["Sandbox__Kubernetes__Kubeconfig"] = KubeconfigPath,
        ["Sandbox__Kubernetes__Namespace"] = ns,
        ["Sandbox__Registry__Url"] = Registry.Url.ToString(),
        ["Sandbox__Registry__Repository"] = ns,
    };

    /// <summary>Waits until the pod is gone from the store (its node has stopped and removed its containers).</summary>
    public async Task<bool> WaitGoneAsync(string ns, string pod, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Store.Get("pods", ns, pod) is not null)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(50); // poll interval over the in-process store
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Node is not null)
        {
            try
            {
                await Node.DisposeAsync();
            }
            catch (Exception e)
            {
                // Seen once under load 36: the engine still counted an endpoint on the pods' network after every container
                // was gone ("has active endpoints"). Say so, and still stop the API double and the registry.
                await Console.Error.WriteLineAsync($"The node's clean-up failed: {e.Message}");
            }
        }

        await Api.DisposeAsync();
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp clean-up.
        }
    }
}
