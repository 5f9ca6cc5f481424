namespace Sandbox.KubernetesDouble.Node;

/// <summary>A taint of the node: pods without a matching toleration are not scheduled on it (effects <c>NoSchedule</c>, <c>NoExecute</c>).</summary>
public sealed record NodeTaint(string Key, string? Value, string Effect);
