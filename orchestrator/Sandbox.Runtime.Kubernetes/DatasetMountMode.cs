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
    /// An init container copies the data image's layer into an <c>emptyDir</c> mounted read-only, for clusters without
    /// image volumes. Not implemented yet: the options validator refuses it with a clear message.
    /// </summary>
    InitCopy,
}
