using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Sweeps;

/// <summary>A session that has not ended (not stopped or failed), as the sweeps see it.</summary>
internal sealed record LiveSession(string Id, SessionState State, IReadOnlyList<SessionDataset> Datasets);
