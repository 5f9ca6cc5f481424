namespace Sandbox.Runtime.Kubernetes;

/// <summary>The label and annotation keys the adapter writes and selects on, all but one under the configured prefix.</summary>
internal sealed class KubernetesLabels(string prefix)
{
    /// <summary>The well-known label saying which tool manages an object; its value is <see cref="ManagedByValue"/>.</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="ManagedBy"/> on everything the adapter creates.</summary>
    public const string ManagedByValue = "sandbox";

    /// <summary>On everything: the installation it belongs to.</summary>
    public string Installation { get; } = prefix + "installation";

    /// <summary>On session pods and secrets: the session.</summary>
    public string Session { get; } = prefix + "session";

    /// <summary>On session pods and homes: the member's key (<see cref="KubernetesNames.MemberKey"/>), a valid label value.</summary>
    public string Member { get; } = prefix + "member";

    /// <summary>On session pods and egress policies: which egress policy applies (<see cref="KubernetesNames.EgressKey"/>).</summary>
    public string Egress { get; } = prefix + "egress";

    /// <summary>Annotation on session pods and homes: the member's id as the core knows it (it need not be a label value).</summary>
    public string MemberId { get; } = prefix + "member-id";

    /// <summary>Annotation on session pods: the port the notebook listens on.</summary>
    public string NotebookPort { get; } = prefix + "notebook-port";

    /// <summary>Annotation on egress policies: the policy in words (<see cref="EgressPolicy.ToString"/>).</summary>
    public string EgressPolicy { get; } = prefix + "egress-policy";

    /// <summary>The value of <paramref name="key"/> in labels or annotations, or null.</summary>
    public static string? Get(IDictionary<string, string>? values, string key) =>
        values is not null && values.TryGetValue(key, out var value) ? value : null;
}
