namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>
/// Paths on a notebook origin. The notebook server keeps its base URL <c>/s/{sessionId}/</c> (as JupyterHub's servers keep
/// <c>/user/{name}/</c> on their own subdomains), so links it writes stay valid; everything outside it is Sandbox's. Pure.
/// </summary>
internal static class NotebookPaths
{
    /// <summary>The notebook server's base path for a session.</summary>
    public static string BaseOf(string sessionId) => $"/s/{sessionId}/";

    /// <summary>
    /// Whether <paramref name="path"/> (a path and query, as a redirect target) stays inside the session's notebook: only
    /// such a path is followed after a hand-off, so a crafted link cannot send anyone elsewhere.
    /// </summary>
    public static bool IsWithinSession(string? path, string sessionId) =>
        path is { Length: > 0 and <= 2048 }
        && path.StartsWith(BaseOf(sessionId), StringComparison.Ordinal)
        && !path.Contains('\\') && !path.Contains("//", StringComparison.Ordinal)
        && !path.Contains("/../", StringComparison.Ordinal) && !path.Contains("/./", StringComparison.Ordinal)
        && path.All(c => c > ' ' && c < 127);
}
