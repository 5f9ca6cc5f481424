using System.Text.Json.Nodes;
using Sandbox.KubernetesDouble;
using Sandbox.KubernetesDouble.Node;

namespace Sandbox.Testing;

/// <summary>
/// A test cluster for the orchestrator's Kubernetes adapter: the API-server double (<see cref="KubernetesApiDouble"/>) on
/// 127.0.0.1 with one taint-free node (<see cref="DockerNode"/>: 8 CPUs, 16 GiB, no GPUs by default) running the pods on the local
/// Docker engine, and a test registry for the data images (the orchestrator publishes into it; the node pulls from it).
/// The notebook image is not pushed: the adapter asks for it with <c>IfNotPresent</c> and the node finds it on the engine,
/// as a node with the image cached would, so a run costs no build or push. One per test run; each orchestrator gets a
/// namespace of its own (<see cref="NewOrchestrator"/>), and what it left in the store is removed when it is disposed.
/// </summary>
public sealed class KubernetesTestCluster : IAsyncDisposable
{
    /// <summary>The adapter's label prefix (its default), for the installation and session labels.</summary>
    public const string LabelPrefix = "sandbox.coop/";

    /// <summary>The label every object of one installation carries.</summary>
    public const string InstallationLabel = LabelPrefix + "installation";

    /// <summary>The label of a session's pod and secret.</summary>
    public const string SessionLabel = LabelPrefix + "session";

    private const string NotebookImage = "sandbox/python-notebook:1";

    private readonly string _runId = Guid.NewGuid().ToString("N")[..10];
    private readonly string _folder = Directory.CreateTempSubdirectory("sandbox-kube-").FullName;

    private KubernetesTestCluster()
    {
    }

    public KubernetesApiDouble Api { get; } = new();

    public ClusterStore Store => Api.Store;

    private DockerNode? _node;

    /// <summary>The node; a cluster started without one (<see cref="StartAsync"/> with no capacity) has none to give.</summary>
    public DockerNode Node => _node ?? throw new InvalidOperationException("This cluster was started without a node.");

    public RegistryProcess Registry { get; private set; } = null!;

    /// <summary>The kubeconfig the orchestrators use (the double's address and a dummy token).</summary>
    public string KubeconfigPath { get; private set; } = null!;

    /// <summary>
    /// Starts the registry, the API double and its node, and writes the kubeconfig. <paramref name="nodeCpu"/> and
    /// <paramref name="nodeMemoryGiB"/> are the node's allocatable (the tests' default, 8 CPUs and 16 GiB, schedules 8
    /// <c>small</c> sessions at once); a <paramref name="nodeCpu"/> of 0 starts no node (pods then stay unscheduled).
    /// </summary>
    public static async Task<KubernetesTestCluster> StartAsync(decimal nodeCpu = 8, long nodeMemoryGiB = 16)
    {
        var cluster = new KubernetesTestCluster();
        try
        {
            cluster.Registry = await RegistryProcess.StartAsync();
            await cluster.Api.StartAsync();
            if (nodeCpu > 0)
            {
                cluster._node = await cluster.StartNodeAsync(nodeCpu, nodeMemoryGiB);
                cluster.Api.PodLogs = cluster._node;
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

    private Task<DockerNode> StartNodeAsync(decimal cpu, long memoryGiB) =>
        DockerNode.StartAsync(Store, new DockerNodeOptions
        {
            NodeName = "double-node-1",
            AllocatableCpu = cpu,
            AllocatableMemory = memoryGiB * 1024 * 1024 * 1024,
            AllocatableGpus = 0,
            ImagePullBackOff = TimeSpan.FromMilliseconds(500),
            MaxImagePullBackOff = TimeSpan.FromSeconds(2),
            PodNetwork = $"sandbox-it-kube-{_runId}",
            LabelPrefix = $"sandbox-it-kube-{_runId}.",
            StateDirectory = Path.Combine(_folder, "node"),
        });

    /// <summary>
    /// The settings that put an orchestrator on this cluster, in <paramref name="ns"/>: the Kubernetes provider, the
    /// kubeconfig, and the registry (a repository of its own) that data images go through.
    /// </summary>
    public Dictionary<string, string> SettingsFor(string ns) => new()
    {
        ["Sandbox__Runtime__Provider"] = "kubernetes",
        ["Sandbox__Kubernetes__Kubeconfig"] = KubeconfigPath,
        ["Sandbox__Kubernetes__Namespace"] = ns,
        ["Sandbox__Registry__Url"] = Registry.Url.ToString(),
        ["Sandbox__Registry__Repository"] = ns,
    };

    /// <summary>
    /// An orchestrator (not started) on this cluster in a namespace of its own, with <paramref name="settings"/> on top;
    /// disposing it also removes the pods, secrets, claims and policies of its installation from the cluster.
    /// </summary>
    public OrchestratorProcess NewOrchestrator(IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = SettingsFor("sbx-it-" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return new OrchestratorProcess(all, RemoveInstallationAsync);
    }

    /// <summary>The namespace an orchestrator of this cluster works in.</summary>
    public static string NamespaceOf(OrchestratorProcess orchestrator) =>
        orchestrator.Setting("Sandbox__Kubernetes__Namespace") ?? throw new InvalidOperationException("Not an orchestrator on Kubernetes.");

    /// <summary>The objects of <paramref name="resource"/> (plural: <c>pods</c>, <c>secrets</c>...) that carry the orchestrator's installation label.</summary>
    public IReadOnlyList<JsonObject> ObjectsOf(OrchestratorProcess orchestrator, string resource) =>
        Store.List(resource, NamespaceOf(orchestrator))
            .Where(o => LabelOf(o, InstallationLabel) == (orchestrator.InstallationId ?? throw new InvalidOperationException("not started yet")))
            .ToList();

    /// <summary>The session pods of the orchestrator's installation: name, session, phase, and whether it is being deleted.</summary>
    public IReadOnlyList<(string Name, string Session, string Phase, bool Deleting)> SessionPodsOf(OrchestratorProcess orchestrator) =>
        ObjectsOf(orchestrator, "pods")
            .Select(p => (NameOf(p), LabelOf(p, SessionLabel) ?? "", p["status"]?["phase"]?.GetValue<string>() ?? "", p["metadata"]?["deletionTimestamp"] is not null))
            .ToList();

    /// <summary>
    /// A pod as an orchestrator of <paramref name="installationId"/> would have made it for <paramref name="sessionId"/>
    /// (same name and labels; a notebook image that sleeps), created straight in the store: what a crash leaves behind.
    /// </summary>
    public string CreateOrphanPod(string ns, string installationId, string sessionId)
    {
        var name = $"sbx-{installationId}-{sessionId}";
        Store.Create("pods", ns, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject
                {
                    ["app.kubernetes.io/managed-by"] = "sandbox",
                    [InstallationLabel] = installationId,
                    [SessionLabel] = sessionId,
                    [LabelPrefix + "member"] = "m-ghost",
                },
            },
            ["spec"] = new JsonObject
            {
                ["restartPolicy"] = "Never",
                ["terminationGracePeriodSeconds"] = 1,
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "notebook",
                    ["image"] = NotebookImage,
                    ["imagePullPolicy"] = "IfNotPresent",
                    ["args"] = new JsonArray("sleep", "600"),
                    ["resources"] = new JsonObject
                    {
                        ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "64Mi" },
                        ["limits"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "64Mi" },
                    },
                }),
            },
        });
        return name;
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the store, re-checking at each change of it; false at the deadline.</summary>
    public async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await Store.UntilAsync(condition, deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return condition();
        }
    }

    /// <summary>Removes what an installation left in its namespace: pods (their node stops them), secrets, claims, policies.</summary>
    public async Task RemoveInstallationAsync(OrchestratorProcess orchestrator)
    {
        if (orchestrator.InstallationId is null)
        {
            return;
        }

        var ns = NamespaceOf(orchestrator);
        foreach (var resource in new[] { ApiResource.Pods, ApiResource.Secrets, ApiResource.PersistentVolumeClaims, ApiResource.NetworkPolicies })
        {
            foreach (var item in ObjectsOf(orchestrator, resource.Plural))
            {
                try
                {
                    Store.Delete(resource, ns, NameOf(item), DeleteOptions.Default with { GracePeriodSeconds = 1 });
                }
                catch (ApiException)
                {
                    // Gone meanwhile.
                }
            }
        }

        await WaitForAsync(() => ObjectsOf(orchestrator, "pods").Count == 0, TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_node is not null)
            {
                await _node.DisposeAsync();
            }
        }
        finally
        {
            // A node whose clean-up failed (an engine that still counts an endpoint on the pods' network) still lets the
            // API double and the registry stop; its failure is what the caller sees.
            await Api.DisposeAsync();
            if (Registry is not null)
            {
                await RemovePulledImagesAsync(Registry.Host);
                await Registry.DisposeAsync();
            }
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

    // The data images the node pulled from this run's registry stay on the engine under its address: their references go
    // (by digest, unforced: the same content pulled under another run's address keeps its own reference).
    private static async Task RemovePulledImagesAsync(string registryHost)
    {
        var docker = await DockerEngine.ClientAsync();
        var images = await docker.Images.ListImagesAsync(new Docker.DotNet.Models.ImagesListParameters { All = true });
        foreach (var reference in images.SelectMany(i => (i.RepoDigests ?? []).Concat(i.RepoTags ?? []))
                     .Where(r => r.StartsWith(registryHost + "/", StringComparison.Ordinal)))
        {
            try
            {
                await docker.Images.DeleteImageAsync(reference, new Docker.DotNet.Models.ImageDeleteParameters());
            }
            catch (Docker.DotNet.DockerApiException)
            {
                // In use or gone meanwhile.
            }
        }
    }

    public static string NameOf(JsonObject item) => item["metadata"]?["name"]?.GetValue<string>() ?? "";

    public static string? LabelOf(JsonObject item, string label) => item["metadata"]?["labels"]?[label]?.GetValue<string>();
}
