namespace Sandbox.Orchestrator.Accounts;

/// <summary>The space one member's home takes, as admins see it.</summary>
/// <param name="Member">Member id.</param>
/// <param name="DisplayName">Name people see (a pseudonym once removed).</param>
/// <param name="Email">Sign-in e-mail (empty once removed).</param>
/// <param name="UsedBytes">Bytes its files take, or null where the runtime cannot tell (Kubernetes).</param>
/// <param name="CapacityBytes">The space it may take, or null when uncapped (a Docker host's local volume).</param>
/// <param name="RemovedAt">When the member was removed (the home is deleted a grace period later); null for a member.</param>
internal sealed record MemberHomeView(string Member, string DisplayName, string Email, long? UsedBytes, long? CapacityBytes, DateTimeOffset? RemovedAt);
