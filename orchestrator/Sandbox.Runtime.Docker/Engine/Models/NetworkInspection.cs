namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>Answer of <c>GET /networks/{id}</c>.</summary>
internal sealed record NetworkInspection
{
    public required string Id { get; init; }

    public string Name { get; init; } = "";

    public string Driver { get; init; } = "";

    public bool Internal { get; init; }

    public bool EnableIPv6 { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
