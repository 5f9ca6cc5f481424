namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// How the Kubernetes adapter reaches the cluster and shapes what it creates (section <c>Sandbox:Kubernetes</c>). Bound
/// at start and validated.
/// </summary>
public sealed class KubernetesRuntimeOptions
{
    /// <summary>The namespace sessions' pods, secrets, claims and policies live in. Default <c>sandbox-sessions</c>.</summary>
    public string Namespace { get; set; } = "sandbox-sessions";

    /// <summary>
    /// A kubeconfig file (development). Default unset: the pod's service account (in-cluster), which the API server's
    /// address and the token come from.
    /// </summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use. Default unset: its current context.</summary>
    public string? Context { get; set; }

    /// <summary>Members' homes.</summary>
    public KubernetesHomeOptions Home { get; } = new();

    /// <summary>How datasets reach the pods. Default <see cref="DatasetMountMode.ImageVolume"/>.</summary>
    public DatasetMountMode DatasetMounts { get; set; } = DatasetMountMode.ImageVolume;

    /// <summary>
    /// Where the notebook images hold a statically linked BusyBox (<c>busybox-static</c> in Debian), the copy tool of
    /// <see cref="DatasetMountMode.InitCopy"/>: an init container copies it out of the session's notebook image so the data
    /// images' init containers (which hold only files) can copy their dataset with it. An absolute path. Default
    /// <c>/bin/busybox</c>.
    /// </summary>
    public string DatasetCopyTool { get; set; } = "/bin/busybox";

    /// <summary>Where GPU sessions go.</summary>
    public KubernetesGpuOptions Gpu { get; } = new();

    /// <summary>
    /// How long a pod may wait to be scheduled before its start fails (<c>gpu_unavailable</c> for GPU sizes, else
    /// <c>unschedulable</c>) and the pod is removed. Default 2 minutes.
    /// </summary>
    public TimeSpan ScheduleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a scheduled pod may take to pull its images and start before its start fails (<c>image_pull_failed</c>
    /// at once on a pull error; <c>start_timeout</c> after this). Default 5 minutes.
    /// </summary>
    public TimeSpan ImagePullTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Labels of the orchestrator's pods: sessions accept connections from those pods only. Default (when none is set)
    /// <c>app.kubernetes.io/name: sandbox-orchestrator</c>, as deploy/kubernetes labels them.
    /// </summary>
    public List<KubernetesLabel> OrchestratorPodLabels { get; } = [];

    /// <summary>
    /// Labels of the orchestrator's namespace, when it is not the sessions' namespace (for example
    /// <c>kubernetes.io/metadata.name: sandbox</c>, the label every namespace has). Default none: the orchestrator runs
    /// in <see cref="Namespace"/>.
    /// </summary>
    public List<KubernetesLabel> OrchestratorNamespaceLabels { get; } = [];

    /// <summary>
    /// The cluster DNS service's address range, reachable on <see cref="ClusterDnsPort"/> (UDP and TCP) whatever the
    /// egress policy. Default <c>10.96.0.10/32</c> (kube-dns in a kubeadm cluster).
    /// </summary>
    public string ClusterDnsCidr { get; set; } = "10.96.0.10/32";

    /// <summary>The cluster DNS port. Default 53.</summary>
    public int ClusterDnsPort { get; set; } = 53;

    /// <summary>
    /// The ranges a session never reaches with internet access (private, link-local, shared and loopback addresses), except
    /// for allow-listed destinations and cluster DNS. Default (when none is set) <see cref="DefaultPrivateRanges"/>. IPv4
    /// and IPv6 ranges may be given; the IPv6 ones add to <see cref="Ipv6NonPublicRanges"/>, which always apply.
    /// </summary>
    public List<string> PrivateRanges { get; } = [];

    /// <summary>The IPv4 private, shared, link-local, loopback and "this network" ranges.</summary>
    public static IReadOnlyList<string> DefaultPrivateRanges { get; } =
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8", "0.0.0.0/8"];

    /// <summary>
    /// The IPv6 ranges a session with internet access never reaches, whatever <see cref="PrivateRanges"/> says: unique-local
    /// (<c>fc00::/7</c>, where dual-stack clusters put pods and services), link-local (<c>fe80::/10</c>) and loopback
    /// (<c>::1/128</c>). IPv4-mapped addresses (<c>::ffff:0:0/96</c>) are not among them: they never appear on the wire (a
    /// connection to one leaves as IPv4 and meets the IPv4 rule), and the API server's strict IP validation refuses them.
    /// </summary>
    public static IReadOnlyList<string> Ipv6NonPublicRanges { get; } = ["fc00::/7", "fe80::/10", "::1/128"];

    /// <summary>The orchestrator's pod labels in effect.</summary>
    internal IReadOnlyDictionary<string, string> EffectiveOrchestratorPodLabels =>
        OrchestratorPodLabels.Count == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal) { ["app.kubernetes.io/name"] = "sandbox-orchestrator" }
            : ToDictionary(OrchestratorPodLabels);

    /// <summary>The private ranges in effect.</summary>
    internal IReadOnlyList<string> EffectivePrivateRanges => PrivateRanges.Count == 0 ? DefaultPrivateRanges : PrivateRanges;

    /// <summary>Labels from settings as a dictionary, in their order (a key set twice keeps its last value).</summary>
    internal static Dictionary<string, string> ToDictionary(IEnumerable<KubernetesLabel> labels)
    {
        var dictionary = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            dictionary[label.Key] = label.Value;
        }

        return dictionary;
    }

    /// <summary>Prefix of the labels and annotations the adapter sets (<c>installation</c>, <c>session</c>, <c>member</c>, <c>egress</c>). Default <c>sandbox.coop/</c>.</summary>
    public string LabelPrefix { get; set; } = "sandbox.coop/";

    /// <summary>How long a stopping pod gets between SIGTERM and SIGKILL. Default 5 seconds.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Size of the <c>emptyDir</c> on <c>/tmp</c> (the root file system is read-only), in MiB. Default 256.</summary>
    public int TmpSizeMiB { get; set; } = 256;

    /// <summary>The numeric user and group every sandbox process runs as (also the pod's <c>fsGroup</c>). Default 1000.</summary>
    public long RunAsUser { get; set; } = 1000;
}
