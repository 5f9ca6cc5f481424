namespace Sandbox.Orchestrator.Sweeps;

/// <summary>A withdrawn, published dataset version whose image is still on the runtime.</summary>
internal sealed record WithdrawnVersion(long Id, string Name, string Version, string Image, DateTimeOffset WithdrawnAt);
