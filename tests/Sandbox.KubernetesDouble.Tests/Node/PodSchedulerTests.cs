using System.Text.Json.Nodes;
using Sandbox.KubernetesDouble.Node;

namespace Sandbox.KubernetesDouble.Tests.Node;

/// <summary>The scheduler's decisions and wording, without an engine.</summary>
public sealed class PodSchedulerTests
{
    private static readonly DockerNodeOptions Node = new()
    {
        Labels = new Dictionary<string, string> { ["accelerator"] = "t4" },
        Taints = [new NodeTaint("nvidia.com/gpu", "present", "NoSchedule")],
        AllocatableCpu = 2,
        AllocatableMemory = 4L * 1024 * 1024 * 1024,
        AllocatablePods = 3,
        AllocatableGpus = 1,
    };

    private static readonly JsonObject Tolerating = Pod("""{"tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}]}""");

    [Fact]
    public void A_pod_that_tolerates_the_taint_and_fits_is_placed() =>
        Assert.Null(PodScheduler.Misfit(Tolerating, Node, [], NoClaims));

    [Fact]
    public void An_untolerated_taint_is_named()
    {
        Assert.Equal("0/1 nodes are available: 1 node(s) had untolerated taint {nvidia.com/gpu: present}.", PodScheduler.Misfit(Pod("{}"), Node, [], NoClaims));
        var wrongValue = Pod("""{"tolerations": [{"key": "nvidia.com/gpu", "operator": "Equal", "value": "absent"}]}""");
        Assert.NotNull(PodScheduler.Misfit(wrongValue, Node, [], NoClaims));
        var everything = Pod("""{"tolerations": [{"operator": "Exists"}]}""");
        Assert.Null(PodScheduler.Misfit(everything, Node, [], NoClaims));
    }

    [Fact]
    public void A_node_selector_must_match_the_labels()
    {
        var matching = Pod("""{"nodeSelector": {"accelerator": "t4", "kubernetes.io/hostname": "double-node-1"}, "tolerations": [{"operator": "Exists"}]}""");
        Assert.Null(PodScheduler.Misfit(matching, Node, [], NoClaims));
        var other = Pod("""{"nodeSelector": {"accelerator": "a100"}, "tolerations": [{"operator": "Exists"}]}""");
        Assert.Equal("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.", PodScheduler.Misfit(other, Node, [], NoClaims));
    }

    [Fact]
    public void Requests_add_up_against_allocatable_and_all_shortfalls_are_listed()
    {
        var half = Pod("""{"tolerations": [{"operator": "Exists"}], "containers": [{"name": "c", "resources": {"limits": {"cpu": "1500m", "memory": "3Gi", "nvidia.com/gpu": "1"}}}]}""");
        Assert.Null(PodScheduler.Misfit(half, Node, [], NoClaims));
        Assert.Equal(
            "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Insufficient nvidia.com/gpu.",
            PodScheduler.Misfit(half, Node, [(JsonObject)half.DeepClone()], NoClaims));
        Assert.Equal("0/1 nodes are available: 1 Too many pods.", PodScheduler.Misfit(Tolerating, Node, [Tolerating, Tolerating, Tolerating], NoClaims));
    }

    [Fact]
    public void Claims_must_exist_and_be_bound()
    {
        var withClaim = Pod("""{"tolerations": [{"operator": "Exists"}], "volumes": [{"name": "home", "persistentVolumeClaim": {"claimName": "home-1"}}]}""");
        Assert.Equal("0/1 nodes are available: persistentvolumeclaim \"home-1\" not found.", PodScheduler.Misfit(withClaim, Node, [], NoClaims));
        var pending = JsonNode.Parse("""{"metadata": {"name": "home-1"}, "status": {"phase": "Pending"}}""")!.AsObject();
        Assert.Equal("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.", PodScheduler.Misfit(withClaim, Node, [], (_, _) => pending));
        var bound = JsonNode.Parse("""{"metadata": {"name": "home-1"}, "status": {"phase": "Bound"}}""")!.AsObject();
        Assert.Null(PodScheduler.Misfit(withClaim, Node, [], (_, _) => bound));
    }

    private static JsonObject? NoClaims(string ns, string name) => null;

    private static JsonObject Pod(string spec)
    {
        var parsed = JsonNode.Parse(spec)!.AsObject();
        parsed.TryAdd("containers", JsonNode.Parse("""[{"name": "c", "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]"""));
        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "ns" }, ["spec"] = parsed };
    }
}
