using System.Globalization;
using k8s.Models;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// Builds a session's Pod from a resolved spec: a pure function, so the restricted Pod Security settings (non-root uid
/// 1000, seccomp RuntimeDefault, every capability dropped, no privilege escalation, read-only root with an
/// <c>emptyDir</c> on <c>/tmp</c>, no service-account token, no service links, no host namespaces), the resources and
/// the mounts are decided in one place and checked without a cluster.
/// </summary>
internal static class PodManifest
{
    /// <summary>The notebook's container.</summary>
    public const string ContainerName = "notebook";

    /// <summary>
    /// Where a data image holds its dataset's files: <c>data/{name}/</c> at the root of its one layer (the layout written by
    /// <c>Sandbox.Datasets.Oci.DataLayerWriter</c>, whose <c>Root</c> this matches). An <c>image</c> volume mounts the
    /// image's root, so each dataset is mounted with this folder as its <c>subPath</c>.
    /// </summary>
    public const string DataImageRoot = "data/";

    /// <summary>The node label the member's sessions are co-located on when homes are ReadWriteOnce.</summary>
    public const string HostnameTopologyKey = "kubernetes.io/hostname";

    /// <summary>The extended resource GPU sizes request.</summary>
    public const string GpuResource = "nvidia.com/gpu";

    /// <summary>The pod's own writable scratch folder (an emptyDir: the root is read-only); no dataset may take it.</summary>
    public const string TmpPath = "/tmp";

    /// <summary>The pod for <paramref name="spec"/>.</summary>
    public static V1Pod Build(RuntimeSpec spec, KubernetesRuntimeOptions options, KubernetesNames names)
    {
        RuntimeSpecRules.Validate(spec, [TmpPath]);
        var labels = names.Labels;
        var egressKey = KubernetesNames.EgressKey(spec.Egress);
        var resources = Resources(spec.Limits);
        var volumes = new List<V1Volume>
        {
            new() { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = KubernetesQuantities.MiB(options.TmpSizeMiB) } },
            new() { Name = "home", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = names.HomeClaimNameOf(spec.Home) } },
        };
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = "tmp", MountPath = TmpPath },
            new() { Name = "home", MountPath = spec.Home.MountPath },
        };
        foreach (var dataset in spec.Datasets)
        {
            if (!dataset.IsPinned)
            {
                throw new RuntimeException("dataset_image_unavailable",
                    $"The data image of dataset {dataset.Name} version {dataset.Version} ({dataset.Image}) is not in a registry: nodes can only pull images pinned by digest from one.");
            }
        }

        List<V1Container>? initContainers = null;
        if (options.DatasetMounts == DatasetMountMode.InitCopy)
        {
            initContainers = DatasetCopyManifest.AddTo(spec, options, volumes, mounts);
        }
        else
        {
            for (var i = 0; i < spec.Datasets.Count; i++)
            {
                var dataset = spec.Datasets[i];
                var volume = "ds-" + i.ToString(CultureInfo.InvariantCulture);
                volumes.Add(new V1Volume { Name = volume, Image = new V1ImageVolumeSource { Reference = dataset.Image, PullPolicy = "IfNotPresent" } });
                mounts.Add(new V1VolumeMount { Name = volume, MountPath = dataset.MountPath, ReadOnlyProperty = true, SubPath = DataImageRoot + dataset.Name });
            }
        }

        var container = new V1Container
        {
            Name = ContainerName,
            Image = spec.Image,
            ImagePullPolicy = "IfNotPresent",

            // args only: the image's entrypoint (tini in the notebook images) stays in charge of signals.
            Args = spec.Command.Count == 0 ? null : spec.Command.ToList(),
            Env = Environment(spec, names.SecretNameOf(spec.SessionId)),
            Ports = [new V1ContainerPort { Name = "notebook", ContainerPort = spec.NotebookPort, Protocol = "TCP" }],
            Resources = resources,
            VolumeMounts = mounts,
            SecurityContext = RestrictedContainer(options),
        };

        var gpu = spec.Limits.Gpu > 0;
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = names.PodNameOf(spec.SessionId),
                NamespaceProperty = options.Namespace,
                Labels = names.SessionLabels(spec, egressKey),
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [labels.MemberId] = spec.MemberId,
                    [labels.NotebookPort] = spec.NotebookPort.ToString(CultureInfo.InvariantCulture),
                },
            },
            Spec = new V1PodSpec
            {
                // A crash must show as an ended session, not be restarted behind the core's back.
                RestartPolicy = "Never",
                AutomountServiceAccountToken = false,
                EnableServiceLinks = false,
                HostNetwork = false,
                HostPID = false,
                HostIPC = false,
                TerminationGracePeriodSeconds = (long)Math.Ceiling(options.StopGracePeriod.TotalSeconds),
                SecurityContext = new V1PodSecurityContext
                {
                    RunAsNonRoot = true,
                    RunAsUser = options.RunAsUser,
                    RunAsGroup = options.RunAsUser,
                    FsGroup = options.RunAsUser,
                    FsGroupChangePolicy = "OnRootMismatch",
                    SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                },
                InitContainers = initContainers is { Count: > 0 } ? initContainers : null,
                Containers = [container],
                Volumes = volumes,
                NodeSelector = gpu && options.Gpu.NodeSelector.Count > 0 ? KubernetesRuntimeOptions.ToDictionary(options.Gpu.NodeSelector) : null,
                Tolerations = gpu ? GpuTolerations(options.Gpu) : null,
                Affinity = options.Home.AccessMode == "ReadWriteOnce" ? MemberOnOneNode(names, spec) : null,
            },
        };
    }

    /// <summary>
    /// The restricted profile's container settings, the same for every container of the pod: non-root, no privilege
    /// escalation, every capability dropped, seccomp RuntimeDefault, a read-only root.
    /// </summary>
    internal static V1SecurityContext RestrictedContainer(KubernetesRuntimeOptions options) => new()
    {
        AllowPrivilegeEscalation = false,
        Privileged = false,
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
        RunAsUser = options.RunAsUser,
        RunAsGroup = options.RunAsUser,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>The taint GPU nodes carry (<c>nvidia.com/gpu</c>, any value), then the configured ones.</summary>
    private static List<V1Toleration> GpuTolerations(KubernetesGpuOptions gpu) =>
        gpu.Tolerations
            .Select(t => new V1Toleration { Key = t.Key, OperatorProperty = t.Operator, Value = string.IsNullOrEmpty(t.Value) ? null : t.Value, Effect = t.Effect })
            .Prepend(new V1Toleration { Key = GpuResource, OperatorProperty = "Exists", Effect = "NoSchedule" })
            .DistinctBy(t => (t.Key, t.OperatorProperty, t.Value, t.Effect))
            .ToList();

    /// <summary>Requests equal limits (QoS Guaranteed): a session gets what its size promises, no more, no less.</summary>
    private static V1ResourceRequirements Resources(ResourceLimits limits)
    {
        Dictionary<string, ResourceQuantity> Amounts()
        {
            var amounts = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
            {
                ["cpu"] = KubernetesQuantities.Cpu(limits.Cpu),
                ["memory"] = KubernetesQuantities.GiB(limits.MemoryGiB),
            };
            if (limits.Gpu > 0)
            {
                amounts[GpuResource] = KubernetesQuantities.Count(limits.Gpu);
            }

            return amounts;
        }

        // Pids have no pod field: they are capped per node (the kubelet's podPidsLimit).
        return new V1ResourceRequirements { Requests = Amounts(), Limits = Amounts() };
    }

    /// <summary>Plain variables by value, secrets by reference to the session's Secret, each in name order.</summary>
    private static List<V1EnvVar> Environment(RuntimeSpec spec, string secretName) =>
        spec.Environment
            .Select(pair => new V1EnvVar { Name = pair.Key, Value = pair.Value })
            .Concat(spec.Secrets.Keys.Select(key => new V1EnvVar
            {
                Name = key,
                ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secretName, Key = key, Optional = false } },
            }))
            .OrderBy(variable => variable.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// A ReadWriteOnce home is attached to one node: the member's sessions must run there. A required pod affinity on
    /// the member's label does it (the member's first session matches its own term, so it schedules anywhere).
    /// </summary>
    private static V1Affinity MemberOnOneNode(KubernetesNames names, RuntimeSpec spec) => new()
    {
        PodAffinity = new V1PodAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution =
            [
                new V1PodAffinityTerm
                {
                    TopologyKey = HostnameTopologyKey,
                    LabelSelector = new V1LabelSelector
                    {
                        MatchLabels = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            [names.Labels.Installation] = names.Installation.Id,
                            [names.Labels.Member] = KubernetesNames.MemberKey(spec.MemberId),
                        },
                    },
                },
            ],
        },
    };
}
