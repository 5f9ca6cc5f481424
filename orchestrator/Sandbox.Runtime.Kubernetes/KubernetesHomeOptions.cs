namespace Sandbox.Runtime.Kubernetes;

/// <summary>Members' homes as PersistentVolumeClaims (section <c>Sandbox:Kubernetes:Home</c>).</summary>
public sealed class KubernetesHomeOptions
{
    /// <summary>The storage class of the claims. Default unset: the cluster's default class.</summary>
    public string? StorageClass { get; set; }

    /// <summary>
    /// The claim's access mode: <c>ReadWriteMany</c> (default; several sessions of one member on any nodes share the home)
    /// or <c>ReadWriteOnce</c> (one node: the member's sessions carry a required pod affinity on the member's label so they
    /// land on the node that holds the home). <c>ReadWriteOncePod</c> is refused: a member's second session could never start.
    /// </summary>
    public string AccessMode { get; set; } = "ReadWriteMany";

    /// <summary>
    /// Size of a claim, in GiB, when the core gives none (<see cref="HomeVolume.SizeGiB"/>, which it sets from the member's
    /// tier when the tier says). Default 10.
    /// </summary>
    public decimal DefaultSizeGiB { get; set; } = 10;
}
