namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>An entry of <c>GET /containers/json</c>.</summary>
internal sealed record ContainerSummary
{
    public required string Id { get; init; }

    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>The image reference the container was created with.</summary>
    public string Image { get; init; } = "";

    /// <summary>The image id.</summary>
    public string ImageID { get; init; } = "";

    /// <summary>created, running, paused, restarting, removing, exited or dead.</summary>
    public string State { get; init; } = "";

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>When it was created, in Unix seconds.</summary>
    public long Created { get; init; }
}
