namespace Sandbox.Orchestrator.Replicas;

/// <summary>
/// A member's security stamp was renewed (signed out, password or roles changed): forget their cached stamp and close
/// the connections they opened with the old one (hub, proxied notebook requests and kernel WebSockets).
/// </summary>
internal sealed record CredentialsChanged(string MemberId) : ReplicaCommand;
