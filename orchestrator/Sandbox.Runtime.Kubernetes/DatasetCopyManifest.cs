using System.Globalization;
using k8s.Models;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// The part of a session's pod that copies its datasets in (<see cref="DatasetMountMode.InitCopy"/>), for clusters
/// without image volumes. Data images hold only their files (no shell, no <c>cp</c>), so the copy tool is brought in the
/// way Tekton and Argo bring in their entrypoint binary:
/// <list type="number">
/// <item>an init container <c>copy-tool</c> from the session's notebook image copies its static BusyBox
/// (<see cref="KubernetesRuntimeOptions.DatasetCopyTool"/>) into the <c>emptyDir</c> <c>sandbox-tools</c>;</item>
/// <item>per dataset, an init container <c>dataset-N</c> from the data image by digest runs that BusyBox (mounted
/// read-only) to copy <c>/data/{name}/</c> into the <c>emptyDir</c> <c>dataset-N</c>;</item>
/// <item>the notebook mounts each dataset's <c>emptyDir</c> read-only at the dataset's mount path.</item>
/// </list>
/// Every init container runs under the notebook's restricted security context, with small requests equal to limits: a
/// copy streams through a small buffer, so its memory does not grow with the files (the page cache it fills is
/// charged to the container but reclaimed under its limit).
/// </summary>
internal static class DatasetCopyManifest
{
    /// <summary>The init container that copies the copy tool out of the notebook image.</summary>
    public const string CopyToolContainer = "copy-tool";

    /// <summary>The prefix of each dataset's init container and volume (<c>dataset-0</c>, <c>dataset-1</c>, ...).</summary>
    public const string DatasetPrefix = "dataset-";

    /// <summary>The <c>emptyDir</c> the copy tool is put in, and where init containers see it.</summary>
    public const string ToolsVolume = "sandbox-tools";

    /// <summary>Where the init containers see <see cref="ToolsVolume"/>.</summary>
    public const string ToolsPath = "/sandbox-tools";

    /// <summary>
    /// The copy tool's path in <see cref="ToolsVolume"/>. Named <c>busybox</c>: BusyBox picks the applet from its own
    /// name unless it is called <c>busybox</c>, and then takes it from its first argument.
    /// </summary>
    public const string ToolPath = ToolsPath + "/busybox";

    /// <summary>Where a dataset's init container sees its <c>emptyDir</c>.</summary>
    public const string TargetPath = "/dataset";

    /// <summary>The size limit of <see cref="ToolsVolume"/> (Debian's static BusyBox is about 2 MiB).</summary>
    public const int ToolsSizeMiB = 16;

    /// <summary>What each init container requests, and is limited to: CPU in millicores.</summary>
    public const int CopyCpuMillicores = 100;

    /// <summary>What each init container requests, and is limited to: memory in MiB.</summary>
    public const int CopyMemoryMiB = 128;

    /// <summary>
    /// Adds the tools volume and a volume per dataset to <paramref name="volumes"/>, the notebook's read-only mount of
    /// each to <paramref name="notebookMounts"/>, and returns the init containers that fill them, the copy tool's first.
    /// </summary>
    public static List<V1Container> AddTo(RuntimeSpec spec, KubernetesRuntimeOptions options, List<V1Volume> volumes, List<V1VolumeMount> notebookMounts)
    {
        if (spec.Datasets.Count == 0)
        {
            return [];
        }

        volumes.Add(new V1Volume { Name = ToolsVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = KubernetesQuantities.MiB(ToolsSizeMiB) } });
        var containers = new List<V1Container>
        {
            InitContainer(
                CopyToolContainer,
                spec.Image,
                [options.DatasetCopyTool, "cp", options.DatasetCopyTool, ToolPath],
                [new V1VolumeMount { Name = ToolsVolume, MountPath = ToolsPath }],
                options),
        };

        for (var i = 0; i < spec.Datasets.Count; i++)
        {
            var dataset = spec.Datasets[i];
            var name = DatasetPrefix + i.ToString(CultureInfo.InvariantCulture);

            // The mount carries no size, so the emptyDir has no sizeLimit: the node's ephemeral storage bounds it.
            volumes.Add(new V1Volume { Name = name, EmptyDir = new V1EmptyDirVolumeSource() });
            notebookMounts.Add(new V1VolumeMount { Name = name, MountPath = dataset.MountPath, ReadOnlyProperty = true });
            containers.Add(InitContainer(
                name,
                dataset.Image,
                [ToolPath, "cp", "-R", SourceOf(dataset.Name), TargetPath + "/"],
                [
                    new V1VolumeMount { Name = ToolsVolume, MountPath = ToolsPath, ReadOnlyProperty = true },
                    new V1VolumeMount { Name = name, MountPath = TargetPath },
                ],
                options));
        }

        return containers;
    }

    /// <summary>
    /// The dataset a dataset init container of the pod copies (its name, from the folder it copies), or null when
    /// <paramref name="containerName"/> is not one.
    /// </summary>
    public static string? DatasetCopiedBy(V1Pod pod, string containerName)
    {
        if (!containerName.StartsWith(DatasetPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var source = pod.Spec?.InitContainers?.FirstOrDefault(c => c.Name == containerName)?.Command?.ElementAtOrDefault(3);
        const string prefix = "/" + PodManifest.DataImageRoot;
        return source is not null && source.StartsWith(prefix, StringComparison.Ordinal) && source.EndsWith("/.", StringComparison.Ordinal)
            ? source[prefix.Length..^2]
            : containerName;
    }

    // The dataset's folder in its data image, its contents (the trailing "/.") copied into the target.
    private static string SourceOf(string datasetName) => "/" + PodManifest.DataImageRoot + datasetName + "/.";

    private static V1Container InitContainer(string name, string image, List<string> command, List<V1VolumeMount> mounts, KubernetesRuntimeOptions options)
    {
        Dictionary<string, ResourceQuantity> Amounts() => new(StringComparer.Ordinal)
        {
            ["cpu"] = KubernetesQuantities.Cpu(CopyCpuMillicores / 1000m),
            ["memory"] = KubernetesQuantities.MiB(CopyMemoryMiB),
        };

        return new V1Container
        {
            Name = name,
            Image = image,
            ImagePullPolicy = "IfNotPresent",

            // command, not args: data images have no entrypoint, and the notebook image's (tini) is not wanted here.
            Command = command,
            Resources = new V1ResourceRequirements { Requests = Amounts(), Limits = Amounts() },
            VolumeMounts = mounts,
            SecurityContext = PodManifest.RestrictedContainer(options),
        };
    }
}
