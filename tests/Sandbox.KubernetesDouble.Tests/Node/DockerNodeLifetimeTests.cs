using System.Net;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.KubernetesDouble.Node;

namespace Sandbox.KubernetesDouble.Tests.Node;

/// <summary>Nothing leaks between runs: a node removes an earlier run's leftovers on start, and what it made on dispose.</summary>
[Collection(DockerNodeTestGroup.Name)]
public sealed class DockerNodeLifetimeTests(NodeFixture fixture)
{
    private const string Prefix = "kubedouble-sweep.";
    private const string Network = "kubedouble-sweep-pods";

    [Fact]
    public async Task Start_removes_leftovers_no_pod_accounts_for_and_dispose_removes_everything_it_made()
    {
        var docker = fixture.Docker;
        var ghost = new Dictionary<string, string> { [Prefix + "managed"] = "true", [Prefix + "pod-uid"] = "ghost-" + Guid.NewGuid().ToString("N") };
        var leftover = await docker.Containers.CreateContainerAsync(new CreateContainerParameters { Image = NodeFixture.NotebookImage, Cmd = ["true"], Labels = ghost });
        var leftoverVolume = await docker.Volumes.CreateAsync(new VolumesCreateParameters { Name = "kubedouble-sweep-ghost-" + Guid.NewGuid().ToString("N")[..8], Labels = ghost });
        var store = new InMemoryClusterStore();
        var state = Directory.CreateTempSubdirectory("kubedouble-sweep-").FullName;

        var node = await DockerNode.StartAsync(store, new DockerNodeOptions { LabelPrefix = Prefix, PodNetwork = Network, StateDirectory = state });
        try
        {
            Assert.False(await ExistsAsync(() => docker.Containers.InspectContainerAsync(leftover.ID)));
            Assert.False(await ExistsAsync(() => docker.Volumes.InspectAsync(leftoverVolume.Name)));

            var pod = TestPods.Restricted(
                "runner",
                command: ["sleep", "300"],
                volumes: (JsonArray)TestPods.Json("""[{"name": "scratch", "emptyDir": {}}]"""),
                mounts: (JsonArray)TestPods.Json("""[{"name": "scratch", "mountPath": "/scratch"}]"""));
            pod["spec"]!.AsObject().Remove("tolerations"); // this node has no taints
            store.Create("pods", "lifetime", pod);
            await store.WaitForAsync(s => s.Phase("lifetime", "runner") == "Running", TimeSpan.FromSeconds(90), () => store.Describe("lifetime", "runner"));
            Assert.NotEmpty(await ListContainersAsync(docker));
            Assert.NotEmpty(await ListVolumesAsync(docker));
        }
        finally
        {
            await node.DisposeAsync();
        }

        Assert.Empty(await ListContainersAsync(docker));
        Assert.Empty(await ListVolumesAsync(docker));
        Assert.False(await ExistsAsync(() => docker.Networks.InspectNetworkAsync(Network)));
        Assert.False(Directory.Exists(state));
    }

    private static async Task<IList<ContainerListResponse>> ListContainersAsync(IDockerClient docker) =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = Managed() });

    private static async Task<IList<VolumeResponse>> ListVolumesAsync(IDockerClient docker) =>
        (await docker.Volumes.ListAsync(new VolumesListParameters { Filters = Managed() })).Volumes ?? [];

    private static Dictionary<string, IDictionary<string, bool>> Managed() =>
        new() { ["label"] = new Dictionary<string, bool> { [Prefix + "managed=true"] = true } };

    private static async Task<bool> ExistsAsync(Func<Task> inspect)
    {
        try
        {
            await inspect();
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
