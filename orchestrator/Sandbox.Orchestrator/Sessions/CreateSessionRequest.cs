namespace Sandbox.Orchestrator.Sessions;

/// <summary>A launch request: <c>{"profile","size","datasets":["name" or "name@version", ...]}</c>.</summary>
internal sealed record CreateSessionRequest(string? Profile, string? Size, IReadOnlyList<string>? Datasets);
