using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>The dataset versions a launch would mount, and the datasets the launching member may not use.</summary>
internal sealed record DatasetLaunchResolution(IReadOnlyList<SessionDataset> Mounts, IReadOnlyList<ValidationError> NotEntitled);
