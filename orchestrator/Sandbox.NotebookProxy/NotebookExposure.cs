namespace Sandbox.NotebookProxy;

/// <summary>How a mapping of the proxy is reached, which decides what the notebook's responses may do in a browser.</summary>
public enum NotebookExposure
{
    /// <summary>
    /// The notebook is served to browsers at an origin of its own (<c>{session}.{notebook host}</c>): its pages render, its
    /// host-only cookies pass, but it may not plant cookies on a parent domain or under the orchestrator's cookie names,
    /// grant CORS, clear site data, or be framed by other sites.
    /// </summary>
    OwnOrigin,

    /// <summary>
    /// The notebook is reached under the API's (or portal's) origin by scripts holding a bearer token. Nothing it answers
    /// renders in a browser: document loads are refused, cookies and browser-facing headers are dropped, and every response
    /// is sandboxed, so notebook code cannot act as the API's origin.
    /// </summary>
    ScriptsOnly,
}
