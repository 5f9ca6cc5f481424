namespace Sandbox.Runtime.Kubernetes;

/// <summary>One toleration of GPU pods in settings (<c>Sandbox__Kubernetes__Gpu__Tolerations__0__Key</c>, <c>__Operator</c>, <c>__Value</c>, <c>__Effect</c>).</summary>
public sealed class KubernetesToleration
{
    /// <summary>The taint's key, for example <c>nvidia.com/gpu</c>.</summary>
    public string Key { get; set; } = "";

    /// <summary><c>Exists</c> (any value; the default) or <c>Equal</c> (<see cref="Value"/> only).</summary>
    public string Operator { get; set; } = "Exists";

    /// <summary>The taint's value, with <c>Equal</c>.</summary>
    public string? Value { get; set; }

    /// <summary><c>NoSchedule</c> (the default), <c>PreferNoSchedule</c> or <c>NoExecute</c>.</summary>
    public string Effect { get; set; } = "NoSchedule";
}
