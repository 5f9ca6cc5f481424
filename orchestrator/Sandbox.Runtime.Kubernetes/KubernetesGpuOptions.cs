namespace Sandbox.Runtime.Kubernetes;

/// <summary>Where GPU sessions go (section <c>Sandbox:Kubernetes:Gpu</c>): added to pods whose size asks for GPUs only.</summary>
public sealed class KubernetesGpuOptions
{
    /// <summary>The node selector of GPU pods (for example <c>accelerator: nvidia</c>). Default none.</summary>
    public Dictionary<string, string> NodeSelector { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The tolerations of GPU pods, each <c>key[=value]:effect</c> (<c>nvidia.com/gpu:NoSchedule</c> tolerates the taint
    /// whatever its value; <c>dedicated=ai:NoSchedule</c> only that value). Default <c>nvidia.com/gpu:NoSchedule</c>.
    /// </summary>
    public List<string> Tolerations { get; } = ["nvidia.com/gpu:NoSchedule"];
}
