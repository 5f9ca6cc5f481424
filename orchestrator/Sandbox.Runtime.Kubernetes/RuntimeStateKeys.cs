namespace Sandbox.Runtime.Kubernetes;

/// <summary>Keys of the <see cref="RuntimeState"/> values the Kubernetes adapter saves.</summary>
internal static class RuntimeStateKeys
{
    public const string PodName = "kubernetes.podName";

    public const string PodUid = "kubernetes.podUid";

    public const string Namespace = "kubernetes.namespace";
}
