namespace Sandbox.Orchestrator.Sessions;

/// <summary>The hold a reconciler pass works under: this replica holds <paramref name="SessionId"/>'s lease at <paramref name="Epoch"/>.</summary>
internal readonly record struct SessionLease(string SessionId, long Epoch);
