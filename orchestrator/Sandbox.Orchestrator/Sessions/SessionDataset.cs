namespace Sandbox.Orchestrator.Sessions;

/// <summary>A dataset version a session mounts, fixed when the session is created (for reproducibility).</summary>
/// <param name="Name">Dataset name, mounted at <c>/data/{Name}</c>.</param>
/// <param name="Version">The exact version mounted.</param>
/// <param name="Image">The data image of that version.</param>
internal sealed record SessionDataset(string Name, string Version, string Image);
