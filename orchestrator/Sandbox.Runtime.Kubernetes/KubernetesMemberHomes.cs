using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// <see cref="IMemberHomes"/> under Kubernetes: a home is the member's PersistentVolumeClaim
/// (<see cref="KubernetesNames.HomeClaimNameOf"/>). Its capacity is the claim's (bound capacity, else its request); the
/// space its files take is not in the Kubernetes API (only a kubelet's stats), so it is not reported. Removing deletes the
/// claim, refused while a session pod of the member still runs (Kubernetes would keep the claim terminating until then).
/// </summary>
internal sealed class KubernetesMemberHomes(IKubernetes client, KubernetesRuntimeOptions options, RuntimeInstallation installation) : IMemberHomes
{
    private KubernetesNames Names => new(options, installation.Identity);

    /// <inheritdoc />
    public async Task<IReadOnlyList<MemberHomeUsage>> UsageAsync(IReadOnlyCollection<string> homes, CancellationToken cancellationToken)
    {
        var names = Names;
        var byClaim = homes.Distinct(StringComparer.Ordinal).ToDictionary(h => names.HomeClaimNameOf(new HomeVolume(h, "/")), StringComparer.Ordinal);
        var usage = new List<MemberHomeUsage>();
        string? next = null;
        do
        {
            var page = await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(
                options.Namespace, labelSelector: $"{names.Labels.Installation}={installation.Identity.Id},{names.Labels.Member}",
                limit: 500, continueParameter: next, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var claim in page.Items ?? [])
            {
                if (byClaim.TryGetValue(claim.Metadata.Name, out var home))
                {
                    usage.Add(new MemberHomeUsage(home, null, CapacityOf(claim)));
                }
            }

            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));
        return usage.OrderBy(u => u.Home, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string home, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(home);
        var names = Names;
        var claim = names.HomeClaimNameOf(new HomeVolume(home, "/"));
        var pods = await client.CoreV1.ListNamespacedPodAsync(
            options.Namespace, labelSelector: $"{names.SessionSelector},{names.Labels.Member}={KubernetesNames.MemberKey(home)}",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (pods.Items?.FirstOrDefault(p => p.Metadata.DeletionTimestamp is null) is { } user)
        {
            throw new RuntimeException("home_in_use", $"The home claim {claim} is still mounted by the pod {user.Metadata.Name}.");
        }

        try
        {
            await client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(claim, options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Is(HttpStatusCode.NotFound))
        {
            // Gone already (or the member never launched).
        }
    }

    private static long? CapacityOf(V1PersistentVolumeClaim claim)
    {
        if (claim.Status?.Capacity is { } capacity && capacity.TryGetValue("storage", out var bound))
        {
            return bound.ToInt64();
        }

        return claim.Spec?.Resources?.Requests is { } requests && requests.TryGetValue("storage", out var asked) ? asked.ToInt64() : null;
    }
}
