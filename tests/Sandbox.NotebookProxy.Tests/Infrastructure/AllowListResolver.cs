using Microsoft.AspNetCore.Http;

namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>
/// A resolver that lets the users listed for a session (named by the X-Test-User header, standing in for the host's
/// authentication) through to that session's notebook, and nobody else anywhere.
/// </summary>
internal sealed class AllowListResolver : INotebookTargetResolver
{
    public const string UserHeader = "X-Test-User";

    private readonly Dictionary<string, (Uri Upstream, string Token, HashSet<string> Users)> _sessions = new(StringComparer.Ordinal);

    public AllowListResolver Allow(string sessionId, Uri upstream, string token, params string[] users)
    {
        _sessions[sessionId] = (upstream, token, new HashSet<string>(users, StringComparer.Ordinal));
        return this;
    }

    public ValueTask<NotebookTarget?> ResolveAsync(HttpContext context, string sessionId, CancellationToken ct)
    {
        var user = context.Request.Headers[UserHeader].ToString();
        if (!_sessions.TryGetValue(sessionId, out var session) || !session.Users.Contains(user))
        {
            return ValueTask.FromResult<NotebookTarget?>(null);
        }

        return ValueTask.FromResult<NotebookTarget?>(new NotebookTarget(session.Upstream, session.Token, user));
    }
}
