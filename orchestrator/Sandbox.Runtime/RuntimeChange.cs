namespace Sandbox.Runtime;

/// <summary>
/// Something happened to a session's sandbox (see <see cref="ISessionRuntime.WatchAsync"/>): a signal to look now, not a
/// state to believe. The reconciler observes the sandbox itself when woken.
/// </summary>
/// <param name="SessionId">The session whose sandbox changed.</param>
/// <param name="What">What the runtime said happened, for logs (for example <c>die</c>, <c>oom</c>, <c>destroy</c>).</param>
public sealed record RuntimeChange(string SessionId, string What);
