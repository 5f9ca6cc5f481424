using System.Text.Json.Nodes;
using k8s.Models;

namespace Sandbox.KubernetesDouble.Node;

/// <summary>What a pod asks of a node (the scheduler's view) and its quality-of-service class.</summary>
internal sealed record PodResources(decimal Cpu, decimal Memory, decimal Gpus)
{
    public const string GpuResource = "nvidia.com/gpu";

    /// <summary>
    /// The pod's effective requests: the larger of the sum over its containers and the largest init container; a
    /// resource with a limit and no request requests its limit, as the API server defaults it.
    /// </summary>
    public static PodResources Of(JsonObject pod)
    {
        var main = PodJson.Objects(pod, "spec", "containers").Select(OfContainer).Aggregate(new PodResources(0, 0, 0), (a, b) => new(a.Cpu + b.Cpu, a.Memory + b.Memory, a.Gpus + b.Gpus));
        foreach (var init in PodJson.Objects(pod, "spec", "initContainers").Select(OfContainer))
        {
            main = new(Math.Max(main.Cpu, init.Cpu), Math.Max(main.Memory, init.Memory), Math.Max(main.Gpus, init.Gpus));
        }

        return main;
    }

    /// <summary>A quantity (<c>500m</c>, <c>2Gi</c>, <c>1</c>) as a number; throws <see cref="FormatException"/> when it is none.</summary>
    public static decimal Parse(string quantity) => new ResourceQuantity(quantity).ToDecimal();

    /// <summary>A container's limit of <paramref name="resource"/> as a number, or null.</summary>
    public static decimal? Limit(JsonObject container, string resource) =>
        PodJson.Str(container, "resources", "limits", resource) is { } q ? Parse(q) : null;

    /// <summary><c>Guaranteed</c> (limits = requests for cpu and memory everywhere), <c>BestEffort</c> (none at all) or <c>Burstable</c>.</summary>
    public static string QosClassOf(JsonObject pod)
    {
        var containers = PodJson.Objects(pod, "spec", "containers").Concat(PodJson.Objects(pod, "spec", "initContainers")).ToList();
        var any = containers.Any(c => PodJson.Obj(c, "resources", "requests")?.Count > 0 || PodJson.Obj(c, "resources", "limits")?.Count > 0);
        if (!any)
        {
            return "BestEffort";
        }

        var guaranteed = containers.All(c => new[] { "cpu", "memory" }.All(r =>
            Limit(c, r) is { } limit && (PodJson.Str(c, "resources", "requests", r) is not { } request || Parse(request) == limit)));
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static PodResources OfContainer(JsonObject container)
    {
        decimal Request(string resource) =>
            PodJson.Str(container, "resources", "requests", resource) is { } q ? Parse(q) : Limit(container, resource) ?? 0;
        return new(Request("cpu"), Request("memory"), Request(GpuResource));
    }
}
