using Microsoft.AspNetCore.Http;

namespace Sandbox.NotebookProxy;

/// <summary>
/// Optional: told when the proxy refuses a request from another site's page (a WebSocket handshake or unsafe request
/// whose <c>Origin</c> is foreign), before the 403 is written, so the host can keep evidence of it. Register one in
/// the container to be told; without one the proxy just refuses.
/// </summary>
public interface INotebookProxyRefusals
{
    /// <summary>The request to <paramref name="sessionId"/> carried the foreign <paramref name="origin"/> and is refused.</summary>
    ValueTask OriginRefusedAsync(HttpContext context, string sessionId, string origin);
}
