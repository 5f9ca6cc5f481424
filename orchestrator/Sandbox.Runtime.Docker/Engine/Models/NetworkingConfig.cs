namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>The networks a container is attached to on create, by network name.</summary>
internal sealed record NetworkingConfig(IReadOnlyDictionary<string, EndpointSettings> EndpointsConfig);

/// <summary>A container's attachment to one network; its address is read back on inspect.</summary>
internal sealed record EndpointSettings
{
    public string? NetworkID { get; init; }

    public string? IPAddress { get; init; }

    /// <summary>Read back only: the host's address on the network (the bridge's), which the fence closes to sandboxes.</summary>
    public string? Gateway { get; init; }
}
