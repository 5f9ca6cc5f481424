using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Live;

/// <summary>A session's stored state changed (or it was created): <paramref name="View"/> is how it looks now.</summary>
internal sealed record SessionChanged(string OwnerId, SessionView View) : LiveChange;
