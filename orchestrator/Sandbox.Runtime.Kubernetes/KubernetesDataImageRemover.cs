using k8s;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// <see cref="IDataImageRemover"/> under Kubernetes: the adapter made nothing from a data image (pods mount it as an
/// <c>image</c> volume and the nodes' image garbage collection removes unused images), so removing is refusing while a
/// session pod of this installation still mounts it, and done otherwise.
/// </summary>
internal sealed class KubernetesDataImageRemover(k8s.IKubernetes client, KubernetesRuntimeOptions options, RuntimeInstallation installation) : IDataImageRemover
{
    /// <inheritdoc />
    public async Task RemoveAsync(string image, CancellationToken cancellationToken)
    {
        var names = new KubernetesNames(options, installation.Identity);
        string? next = null;
        do
        {
            var page = await client.CoreV1.ListNamespacedPodAsync(
                options.Namespace, labelSelector: names.SessionSelector, limit: 500, continueParameter: next, cancellationToken: cancellationToken).ConfigureAwait(false);
            var user = page.Items?.FirstOrDefault(pod => pod.Metadata.DeletionTimestamp is null
                && pod.Spec?.Volumes?.Any(v => v.Image?.Reference == image) == true);
            if (user is not null)
            {
                throw new RuntimeException("image_in_use", $"The pod {user.Metadata.Name} still mounts {image}.");
            }

            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));
    }
}
