namespace Sandbox.Runtime.Kubernetes;

/// <summary>Where GPU sessions go (section <c>Sandbox:Kubernetes:Gpu</c>): added to pods whose size asks for GPUs only.</summary>
public sealed class KubernetesGpuOptions
{
    /// <summary>The node selector of GPU pods (for example <c>nvidia.com/gpu.present: true</c>). Default none.</summary>
    public List<KubernetesLabel> NodeSelector { get; } = [];

    /// <summary>
    /// More tolerations of GPU pods. GPU pods always tolerate <c>nvidia.com/gpu</c> (any value, <c>NoSchedule</c>), the
    /// taint GPU nodes usually carry; these come after it. Default none.
    /// </summary>
    public List<KubernetesToleration> Tolerations { get; } = [];
}
