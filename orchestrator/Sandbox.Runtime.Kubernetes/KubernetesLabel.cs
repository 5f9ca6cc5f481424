namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// One label in settings, as a key and a value (label keys hold '/' and '.', which environment variable names cannot:
/// <c>Sandbox__Kubernetes__Gpu__NodeSelector__0__Key=nvidia.com/gpu.present</c>, <c>__0__Value=true</c>).
/// </summary>
public sealed class KubernetesLabel
{
    /// <summary>The label's key, for example <c>app.kubernetes.io/name</c>.</summary>
    public string Key { get; set; } = "";

    /// <summary>The label's value.</summary>
    public string Value { get; set; } = "";
}
