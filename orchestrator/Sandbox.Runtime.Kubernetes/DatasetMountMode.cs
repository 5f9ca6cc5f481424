namespace Sandbox.Runtime.Kubernetes;

/// <summary>How a session's datasets reach its pod.</summary>
public enum DatasetMountMode
{
    /// <summary>
    /// An <c>image</c> volume per dataset, by digest, with the dataset's folder as <c>subPath</c>: the node pulls the data
    /// image once and mounts it read-only. Needs Kubernetes 1.33+ with the <c>ImageVolume</c> feature (on by default from
    /// 1.35) and a runtime that supports it (containerd 2.1+, CRI-O 1.31+).
    /// </summary>
    ImageVolume,

    /// <summary>
    /// For clusters without image volumes: an <c>emptyDir</c> per dataset, filled before the notebook starts by an init
    /// container run from the data image by digest, and mounted read-only. Data images hold only files, so a first init
    /// container copies the static copy tool (<see cref="KubernetesRuntimeOptions.DatasetCopyTool"/>) out of the notebook
    /// image into a shared <c>emptyDir</c> for them. Costs a copy of each dataset on the node's disk per session.
    /// </summary>
    InitCopy,
}
