namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>Answer of <c>GET /containers/{id}/json</c>: the fields Sandbox reads.</summary>
internal sealed record ContainerInspection
{
    public required string Id { get; init; }

    /// <summary>The name with the engine's leading slash, for example <c>/sandbox-s-42</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>The id of the image the container was created from.</summary>
    public string Image { get; init; } = "";

    public ContainerState State { get; init; } = new();

    public ContainerConfigView Config { get; init; } = new();

    public HostConfig HostConfig { get; init; } = new();

    public NetworkSettings NetworkSettings { get; init; } = new();

    public IReadOnlyList<MountPoint> Mounts { get; init; } = [];
}

/// <summary>A container's process state.</summary>
internal sealed record ContainerState
{
    /// <summary>created, running, paused, restarting, removing, exited or dead.</summary>
    public string Status { get; init; } = "";

    public bool Running { get; init; }

    public bool OOMKilled { get; init; }

    public int ExitCode { get; init; }

    public string? Error { get; init; }
}

/// <summary>The container's configuration as created.</summary>
internal sealed record ContainerConfigView
{
    public string? User { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Ports the image declares; read back to show none of them is published.</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? ExposedPorts { get; init; }
}

/// <summary>The container's network attachments, by network name.</summary>
internal sealed record NetworkSettings
{
    public IReadOnlyDictionary<string, EndpointSettings>? Networks { get; init; }

    public IReadOnlyDictionary<string, System.Text.Json.JsonElement?>? Ports { get; init; }
}

/// <summary>A mount as the engine reports it on inspect.</summary>
internal sealed record MountPoint
{
    public string Type { get; init; } = "";

    public string? Name { get; init; }

    public string Destination { get; init; } = "";

    public bool RW { get; init; }
}
