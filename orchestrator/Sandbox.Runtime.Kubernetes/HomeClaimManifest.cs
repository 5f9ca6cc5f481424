using k8s.Models;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// Builds a member's home claim: one PersistentVolumeClaim per member and installation, with the configured storage
/// class and access mode, the size the core gives (else the default). It has no owner: it outlives every session and is
/// never removed by a stop. Pure.
/// </summary>
internal static class HomeClaimManifest
{
    public static V1PersistentVolumeClaim Build(RuntimeSpec spec, KubernetesRuntimeOptions options, KubernetesNames names)
    {
        var labels = names.InstallationLabels();
        labels[names.Labels.Member] = KubernetesNames.MemberKey(spec.MemberId);
        return new V1PersistentVolumeClaim
        {
            ApiVersion = "v1",
            Kind = "PersistentVolumeClaim",
            Metadata = new V1ObjectMeta
            {
                Name = names.HomeClaimNameOf(spec.Home),
                NamespaceProperty = options.Namespace,
                Labels = labels,
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [names.Labels.MemberId] = spec.Home.Name },
            },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = [options.Home.AccessMode],
                StorageClassName = options.Home.StorageClass,
                VolumeMode = "Filesystem",
                Resources = new V1VolumeResourceRequirements
                {
                    Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
                    {
                        ["storage"] = KubernetesQuantities.GiB(spec.Home.SizeGiB ?? options.Home.DefaultSizeGiB),
                    },
                },
            },
        };
    }
}
