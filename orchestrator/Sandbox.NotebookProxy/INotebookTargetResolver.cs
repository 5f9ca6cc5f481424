using Microsoft.AspNetCore.Http;

namespace Sandbox.NotebookProxy;

/// <summary>
/// The host's decision about a proxied request: whether the authenticated caller may use the session, and where
/// its notebook runs. The proxy does no authentication of its own.
/// </summary>
public interface INotebookTargetResolver
{
    /// <summary>
    /// The target for <paramref name="sessionId"/> as seen by the caller of <paramref name="context"/>, or null when the
    /// caller may not use that session (or it does not exist, or is not running). The proxy answers null with the same
    /// 404 either way, so a caller cannot tell someone else's session from a missing one.
    /// </summary>
    ValueTask<NotebookTarget?> ResolveAsync(HttpContext context, string sessionId, CancellationToken ct);
}
