using System.Text.Json;

namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>Answer of <c>GET /images/{name}/json</c>.</summary>
internal sealed record ImageInspection
{
    /// <summary><c>sha256:...</c>.</summary>
    public required string Id { get; init; }

    public IReadOnlyList<string>? RepoTags { get; init; }

    public ImageConfig? Config { get; init; }
}

/// <summary>The image's run configuration.</summary>
internal sealed record ImageConfig
{
    /// <summary>The image's <c>VOLUME</c> paths (keys; values are empty objects).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Volumes { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
