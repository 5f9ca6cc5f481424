namespace Sandbox.Orchestrator.Datasets;

/// <summary>The <c>metadata</c> part of a dataset upload.</summary>
internal sealed record DatasetMetadata(string? Name, string? Version, string? Title, string? Description);
