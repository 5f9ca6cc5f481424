using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble.Node;

/// <summary>
/// Whether a pod fits the one node, with the real scheduler's wording when it does not: its claims exist and are Bound,
/// its tolerations cover the node's taints, its <c>nodeSelector</c> matches the node's labels, and its requests fit
/// beside those of the pods the node already runs (in the default filter order; the first failing filter speaks).
/// Pure.
/// </summary>
internal static class PodScheduler
{
    /// <summary>Null when <paramref name="pod"/> fits, else the <c>FailedScheduling</c> message.</summary>
    /// <param name="pod">The pod to place.</param>
    /// <param name="options">The node.</param>
    /// <param name="running">The node's pods that hold resources (bound, not terminated), without <paramref name="pod"/>.</param>
    /// <param name="claim">Looks a claim up by namespace and name.</param>
    public static string? Misfit(JsonObject pod, DockerNodeOptions options, IEnumerable<JsonObject> running, Func<string, string, JsonObject?> claim)
    {
        var ns = PodJson.Str(pod, "metadata", "namespace") ?? "default";
        foreach (var volume in PodJson.Objects(pod, "spec", "volumes"))
        {
            if (PodJson.Str(volume, "persistentVolumeClaim", "claimName") is not { } claimName)
            {
                continue;
            }

            var found = claim(ns, claimName);
            if (found is null)
            {
                return $"0/1 nodes are available: persistentvolumeclaim \"{claimName}\" not found.";
            }

            if (PodJson.Str(found, "metadata", "deletionTimestamp") is not null)
            {
                return $"0/1 nodes are available: persistentvolumeclaim \"{claimName}\" is being deleted.";
            }

            if (PodJson.Str(found, "status", "phase") != "Bound")
            {
                return "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.";
            }
        }

        var tolerations = PodJson.Objects(pod, "spec", "tolerations").ToList();
        foreach (var taint in options.Taints.Where(t => t.Effect is "NoSchedule" or "NoExecute"))
        {
            if (!tolerations.Any(t => Tolerates(t, taint)))
            {
                return $"0/1 nodes are available: 1 node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}.";
            }
        }

        var labels = LabelsOf(options);
        foreach (var (key, value) in PodJson.Map(pod, "spec", "nodeSelector"))
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";
            }
        }

        var used = running.Select(PodResources.Of).Aggregate(new PodResources(0, 0, 0), (a, b) => new(a.Cpu + b.Cpu, a.Memory + b.Memory, a.Gpus + b.Gpus));
        var asked = PodResources.Of(pod);
        var insufficient = new List<string>();
        if (running.Count() + 1 > options.AllocatablePods)
        {
            insufficient.Add("Too many pods");
        }

        if (used.Cpu + asked.Cpu > options.AllocatableCpu)
        {
            insufficient.Add("Insufficient cpu");
        }

        if (used.Memory + asked.Memory > options.AllocatableMemory)
        {
            insufficient.Add("Insufficient memory");
        }

        if (asked.Gpus > 0 && used.Gpus + asked.Gpus > options.AllocatableGpus)
        {
            insufficient.Add("Insufficient " + PodResources.GpuResource);
        }

        return insufficient.Count == 0
            ? null
            : "0/1 nodes are available: " + string.Join(", ", insufficient.Order(StringComparer.Ordinal).Select(r => "1 " + r)) + ".";
    }

    /// <summary>The node's labels, with <c>kubernetes.io/hostname</c>.</summary>
    public static Dictionary<string, string> LabelsOf(DockerNodeOptions options) =>
        new(options.Labels) { ["kubernetes.io/hostname"] = options.NodeName, ["kubernetes.io/os"] = "linux" };

    private static bool Tolerates(JsonObject toleration, NodeTaint taint)
    {
        var effect = PodJson.Str(toleration, "effect");
        if (!string.IsNullOrEmpty(effect) && effect != taint.Effect)
        {
            return false;
        }

        var key = PodJson.Str(toleration, "key");
        if (PodJson.Str(toleration, "operator") == "Exists")
        {
            return string.IsNullOrEmpty(key) || key == taint.Key;
        }

        return key == taint.Key && (PodJson.Str(toleration, "value") ?? "") == (taint.Value ?? "");
    }
}
