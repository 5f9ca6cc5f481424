using System.Text.Json;

namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>A container's host configuration, written on create and read back on inspect.</summary>
internal sealed record HostConfig
{
    public string? NetworkMode { get; init; }

    public IReadOnlyList<MountSpec>? Mounts { get; init; }

    /// <summary><c>container[:ro]</c> entries whose volumes this container mounts.</summary>
    public IReadOnlyList<string>? VolumesFrom { get; init; }

    /// <summary>Mount path to tmpfs mount options.</summary>
    public IReadOnlyDictionary<string, string>? Tmpfs { get; init; }

    public bool ReadonlyRootfs { get; init; }

    public IReadOnlyList<string>? SecurityOpt { get; init; }

    public IReadOnlyList<string>? CapDrop { get; init; }

    /// <summary>CPU quota in units of 1e-9 CPUs.</summary>
    public long NanoCpus { get; init; }

    /// <summary>Bytes.</summary>
    public long Memory { get; init; }

    /// <summary>Memory plus swap, bytes; equal to <see cref="Memory"/> grants no swap.</summary>
    public long MemorySwap { get; init; }

    public long? PidsLimit { get; init; }

    public bool PublishAllPorts { get; init; }

    /// <summary>Read back only, to prove nothing is published.</summary>
    public IReadOnlyDictionary<string, JsonElement>? PortBindings { get; init; }

    public RestartPolicy? RestartPolicy { get; init; }

    public IReadOnlyList<DeviceRequest>? DeviceRequests { get; init; }

    public LogConfig? LogConfig { get; init; }
}

/// <summary>The container's log driver and its options (<c>--log-driver</c>, <c>--log-opt</c>).</summary>
internal sealed record LogConfig(string Type, IReadOnlyDictionary<string, string> Config);

/// <summary>Whether the engine restarts a container by itself; Sandbox never lets it (the reconciler decides).</summary>
internal sealed record RestartPolicy(string Name);

/// <summary>A mount of <c>HostConfig.Mounts</c>.</summary>
internal sealed record MountSpec(string Type, string Source, string Target, bool ReadOnly);

/// <summary>A request for devices such as GPUs (<c>--gpus</c>).</summary>
internal sealed record DeviceRequest(string Driver, int Count, IReadOnlyList<IReadOnlyList<string>> Capabilities);
