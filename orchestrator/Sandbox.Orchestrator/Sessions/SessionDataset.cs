namespace Sandbox.Orchestrator.Sessions;

/// <summary>A dataset version a session mounts, fixed when the session is created (for reproducibility).</summary>
/// <param name="Name">Dataset name, mounted at <c>/data/{Name}</c>.</param>
/// <param name="Version">The exact version mounted.</param>
/// <param name="Image">The data image of that version.</param>
/// <param name="ImageId">
/// The digest of the image's config (its content), so the session mounts exactly what was published; null in sessions
/// created before it was recorded.
/// </param>
internal sealed record SessionDataset(string Name, string Version, string Image, string? ImageId = null);
