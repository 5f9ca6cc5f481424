namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>Answer of <c>GET /volumes/{name}</c> and <c>POST /volumes/create</c>.</summary>
internal sealed record VolumeInspection
{
    public required string Name { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
