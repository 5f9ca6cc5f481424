namespace Sandbox.Orchestrator.Live;

/// <summary>
/// The <c>datasetUpdated</c> message admins receive while a version is published: <paramref name="Status"/> is one of
/// <c>building</c>, <c>published</c>, <c>failed</c> (<see cref="Datasets.DatasetStatus"/>), with the stable reason of a failure.
/// </summary>
internal sealed record DatasetUpdate(string Name, string Version, string Status, string? Reason);
