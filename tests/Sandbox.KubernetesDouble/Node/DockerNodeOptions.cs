namespace Sandbox.KubernetesDouble.Node;

/// <summary>How the double's node looks to the scheduler and how it runs pods on the local Docker engine.</summary>
public sealed class DockerNodeOptions
{
    /// <summary>The node's name, what <c>spec.nodeName</c> of its pods says.</summary>
    public string NodeName { get; init; } = "double-node-1";

    /// <summary>The node's labels, matched by <c>nodeSelector</c>; <c>kubernetes.io/hostname</c> is added.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The node's taints.</summary>
    public IReadOnlyList<NodeTaint> Taints { get; init; } = [];

    /// <summary>Allocatable CPU, in cores.</summary>
    public decimal AllocatableCpu { get; init; } = 4;

    /// <summary>Allocatable memory, in bytes.</summary>
    public long AllocatableMemory { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>How many pods the node takes.</summary>
    public int AllocatablePods { get; init; } = 110;

    /// <summary>Allocatable <c>nvidia.com/gpu</c> (fake: no device is given to the containers).</summary>
    public int AllocatableGpus { get; init; }

    /// <summary>The pids limit of every pod's containers (the kubelet's <c>podPidsLimit</c>); null: none.</summary>
    public long? PodPidsLimit { get; init; } = 512;

    /// <summary>Credentials for pulls, by registry host and port.</summary>
    public IReadOnlyList<RegistryCredential> RegistryCredentials { get; init; } = [];

    /// <summary>The first wait after a failed image pull; it doubles up to <see cref="MaxImagePullBackOff"/>.</summary>
    public TimeSpan ImagePullBackOff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between pulls of an image that failed.</summary>
    public TimeSpan MaxImagePullBackOff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The Docker network the pods join (a bridge without inter-container traffic), created when missing.</summary>
    public string PodNetwork { get; init; } = "kubedouble-pods";

    /// <summary>
    /// The prefix of every label the node puts on Docker objects; on start it removes the containers and volumes with
    /// this prefix that no pod in the store accounts for.
    /// </summary>
    public string LabelPrefix { get; init; } = "kubedouble.";

    /// <summary>Marks what this node instance created (label <c>{prefix}run</c>), so disposing removes exactly that.</summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Where the node keeps its files (materialised image volumes); removed on dispose.</summary>
    public string StateDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "kubedouble-node");

    /// <summary>The Docker engine.</summary>
    public Uri DockerEndpoint { get; init; } = new("unix:///var/run/docker.sock");
}
