namespace Sandbox.Orchestrator.Live;

/// <summary>
/// Something one member should be told now, beside the state of their sessions: a budget warning, a session about to
/// be culled for idleness. <paramref name="Kind"/> is stable and machine-readable (see <see cref="MemberNoticeKinds"/>);
/// <paramref name="Message"/> is for people; <paramref name="SessionId"/> names the session it is about, if any.
/// </summary>
internal sealed record MemberNotice(string Kind, string Message, string? SessionId = null, DateTimeOffset? At = null);
