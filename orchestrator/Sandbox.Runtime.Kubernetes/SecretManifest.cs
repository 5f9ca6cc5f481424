using k8s.Models;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// Builds a session's Secret (its Jupyter token and any other <see cref="RuntimeSpec.Secrets"/>), which the pod reads
/// through <c>secretKeyRef</c>. Created before the pod, then given the pod as owner so the garbage collector removes it
/// with the pod. Pure.
/// </summary>
internal static class SecretManifest
{
    public static V1Secret Build(RuntimeSpec spec, KubernetesRuntimeOptions options, KubernetesNames names) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta
        {
            Name = names.SecretNameOf(spec.SessionId),
            NamespaceProperty = options.Namespace,
            Labels = names.SessionLabels(spec, KubernetesNames.EgressKey(spec.Egress)),
        },
        Type = "Opaque",
        Immutable = true,
        StringData = new SortedDictionary<string, string>(spec.Secrets.ToDictionary(), StringComparer.Ordinal),
    };

    /// <summary>The merge patch that makes <paramref name="pod"/> the secret's owner (garbage-collected with it).</summary>
    public static string OwnerPatch(V1Pod pod) => k8s.KubernetesJson.Serialize(new V1Secret
    {
        Metadata = new V1ObjectMeta
        {
            OwnerReferences =
            [
                new V1OwnerReference
                {
                    ApiVersion = "v1",
                    Kind = "Pod",
                    Name = pod.Metadata.Name,
                    Uid = pod.Metadata.Uid,
                    BlockOwnerDeletion = false,
                    Controller = false,
                },
            ],
        },
    });
}
