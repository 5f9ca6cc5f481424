namespace Sandbox.Orchestrator.Live;

/// <summary>A session was shared with a mentor, who may see it from now on (until the share ends).</summary>
internal sealed record SessionShared(string SessionId, string MemberId) : LiveChange;
