namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>Body of <c>POST /containers/create</c>: only the fields Sandbox sets.</summary>
internal sealed record ContainerCreateRequest
{
    public required string Image { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    /// <summary><c>uid:gid</c>; numeric so it works whether or not the image's passwd knows it.</summary>
    public string? User { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public bool? NetworkDisabled { get; init; }

    public HostConfig? HostConfig { get; init; }

    public NetworkingConfig? NetworkingConfig { get; init; }
}
