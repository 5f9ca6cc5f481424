namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>An entry of <c>GET /images/json</c>.</summary>
internal sealed record ImageSummary
{
    public required string Id { get; init; }

    public IReadOnlyList<string>? RepoTags { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
