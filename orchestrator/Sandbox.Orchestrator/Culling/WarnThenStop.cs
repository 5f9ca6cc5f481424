namespace Sandbox.Orchestrator.Culling;

/// <summary>
/// The one rule behind idle culling and maximum age: a clock runs from <c>since</c> (the last activity, or when the
/// session became ready); the owner is warned once <c>warnBefore</c> ahead of the limit, and the session is stopped at
/// the limit, but never before its owner was warned for this run of the clock: a warning the schedule skipped (a long
/// check interval, the orchestrator down) is sent first, and the stop follows at the next check. Pure.
/// </summary>
internal static class WarnThenStop
{
    /// <summary>
    /// The verdict at <paramref name="now"/> for a clock started at <paramref name="since"/> with <paramref name="limit"/>
    /// (null: no limit). <paramref name="warnedAt"/> is the last warning of this kind for the session, if any; only a
    /// warning sent after <paramref name="since"/> counts.
    /// </summary>
    public static CullVerdict Decide(DateTimeOffset since, DateTimeOffset now, TimeSpan? limit, TimeSpan warnBefore, DateTimeOffset? warnedAt)
    {
        if (limit is not { } max)
        {
            return CullVerdict.Keep;
        }

        var elapsed = now - since;
        var warned = warnedAt >= since || warnBefore <= TimeSpan.Zero;
        if (elapsed >= max)
        {
            return warned ? CullVerdict.Stop : CullVerdict.Warn;
        }

        return elapsed >= max - warnBefore && !warned ? CullVerdict.Warn : CullVerdict.Keep;
    }
}
