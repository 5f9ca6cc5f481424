namespace Sandbox.Runtime;

/// <summary>A sandbox the runtime holds, found by Sandbox's labels.</summary>
/// <param name="SessionId">The session it was created for.</param>
/// <param name="MemberId">The member it belongs to.</param>
/// <param name="Phase">Whether it runs.</param>
/// <param name="State">The adapter's saved state for it.</param>
public sealed record RuntimeInstance(string SessionId, string MemberId, RuntimePhase Phase, RuntimeState State);
