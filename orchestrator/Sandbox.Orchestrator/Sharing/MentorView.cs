namespace Sandbox.Orchestrator.Sharing;

/// <summary>A mentor an analyst may share a session with: the id to send and the name to show, nothing more.</summary>
internal sealed record MentorView(string Id, string DisplayName);
