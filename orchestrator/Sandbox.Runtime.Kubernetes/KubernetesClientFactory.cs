using k8s;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>Makes the API client from the options: a kubeconfig file (with its context) when set, else the pod's service account.</summary>
internal static class KubernetesClientFactory
{
    public static IKubernetes Create(KubernetesRuntimeOptions options)
    {
        KubernetesClientConfiguration configuration;
        if (!string.IsNullOrWhiteSpace(options.Kubeconfig))
        {
            configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, options.Context);
        }
        else if (KubernetesClientConfiguration.IsInCluster())
        {
            configuration = KubernetesClientConfiguration.InClusterConfig();
        }
        else
        {
            throw new InvalidOperationException(
                "Sandbox:Kubernetes:Kubeconfig is not set and this process does not run in a pod (no service account): set the kubeconfig file to use.");
        }

        return new k8s.Kubernetes(configuration);
    }
}
