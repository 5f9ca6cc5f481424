using Docker.DotNet;

namespace Sandbox.KubernetesDouble.Node;

/// <summary>What the node's parts share: the store, the engine, the node's settings and labels, events, images and claims' volumes.</summary>
internal sealed class NodeContext(
    IClusterStore store,
    IDockerClient docker,
    DockerNodeOptions options,
    NodeLabels labels,
    PodEventRecorder events,
    ImagePuller images,
    ImageVolumeCache imageVolumes,
    Func<string, string, CancellationToken, Task<(string Name, string Mountpoint)>> claimVolume)
{
    public IClusterStore Store => store;
    public IDockerClient Docker => docker;
    public DockerNodeOptions Options => options;
    public NodeLabels Labels => labels;
    public PodEventRecorder Events => events;
    public ImagePuller Images => images;
    public ImageVolumeCache ImageVolumes => imageVolumes;

    /// <summary>The pods network's gateway: the node's address as pods see it.</summary>
    public string HostIp { get; set; } = "";

    /// <summary>The Docker volume of a claim, created when missing: its name and where it is on the host.</summary>
    public Task<(string Name, string Mountpoint)> ClaimVolumeAsync(string ns, string claim, CancellationToken cancellationToken) =>
        claimVolume(ns, claim, cancellationToken);
}
