using Sandbox.Orchestrator.Sharing;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// Who may see a session, and so hears about it: its owner, and every mentor with a share that is neither revoked nor
/// expired at <c>now</c>. The same rule as <see cref="Sessions.SessionAccess"/> (which answers GET /api/v1/sessions/{id}).
/// </summary>
internal static class SessionAudience
{
    /// <summary>The members who may see the session owned by <paramref name="ownerId"/> with <paramref name="shares"/>.</summary>
    public static IReadOnlySet<string> Of(string ownerId, IEnumerable<SessionShare> shares, DateTimeOffset now)
    {
        var members = new HashSet<string>(StringComparer.Ordinal) { ownerId };
        foreach (var share in shares)
        {
            if (share.IsActiveAt(now))
            {
                members.Add(share.MemberId);
            }
        }

        return members;
    }
}
