namespace Sandbox.Orchestrator.Replicas;

/// <summary>
/// A mentor's share of a session was revoked or expired: forget the session's cached audience and close the mentor's
/// proxied connections to it (notebook requests and kernel WebSockets).
/// </summary>
internal sealed record ShareEnded(string SessionId, string MemberId) : ReplicaCommand;
