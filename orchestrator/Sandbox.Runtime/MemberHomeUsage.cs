namespace Sandbox.Runtime;

/// <summary>The space one member's home takes.</summary>
/// <param name="Home">The home's name (<see cref="HomeVolume.Name"/>: the member id).</param>
/// <param name="UsedBytes">Bytes its files take, or null where the runtime cannot tell (Kubernetes' API does not say).</param>
/// <param name="CapacityBytes">The space it may take, or null when it has no cap (a single host's local volume).</param>
public sealed record MemberHomeUsage(string Home, long? UsedBytes, long? CapacityBytes);
