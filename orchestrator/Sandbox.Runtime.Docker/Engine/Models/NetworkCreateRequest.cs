namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>Body of <c>POST /networks/create</c>.</summary>
internal sealed record NetworkCreateRequest
{
    public required string Name { get; init; }

    /// <summary>Makes a second create of the same name a 409 instead of a duplicate network.</summary>
    public bool CheckDuplicate { get; init; } = true;

    public string Driver { get; init; } = "bridge";

    /// <summary>No route out of the network: the engine gives it no gateway to the outside and drops what tries.</summary>
    public bool Internal { get; init; }

    /// <summary>Always sent, false: sandboxes get no IPv6 (the fence filters IPv4 only).</summary>
    public bool EnableIPv6 { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
