namespace Sandbox.Orchestrator.Live;

/// <summary>A dataset version was uploaded, or its publishing status changed.</summary>
internal sealed record DatasetVersionChanged(DatasetUpdate Update) : LiveChange;
