namespace Sandbox.Runtime.Docker.Engine;

/// <summary>How a build ended, read from its streamed answer.</summary>
/// <param name="ImageId">The built image's id (<c>sha256:...</c>) when the build succeeded.</param>
/// <param name="Error">The builder's error message when it failed.</param>
/// <param name="CreatedLayerIds">
/// Image ids the build committed itself (cached steps excluded), in order: what a failed build leaves behind.
/// </param>
internal sealed record BuildOutcome(string? ImageId, string? Error, IReadOnlyList<string> CreatedLayerIds)
{
    public bool Succeeded => Error is null && ImageId is not null;
}
