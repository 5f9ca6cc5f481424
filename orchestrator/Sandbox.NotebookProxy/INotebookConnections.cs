namespace Sandbox.NotebookProxy;

/// <summary>The proxy's open connections, so access that was just revoked stops at once rather than at the next request.</summary>
public interface INotebookConnections
{
    /// <summary>
    /// Aborts every forwarded HTTP request and WebSocket that <paramref name="connectionOwner"/> has open to
    /// <paramref name="sessionId"/> (the caller's connection is cut; a WebSocket gets no close frame), and returns how many
    /// there were. Revoke access in the resolver first: a request that
    /// arrives after this call is let through again if the resolver still allows it.
    /// </summary>
    int CloseFor(string sessionId, string connectionOwner);

    /// <summary>
    /// Closes every connection <paramref name="connectionOwner"/> has open to any session (for sign-out and role changes),
    /// and returns how many there were. As with <see cref="CloseFor"/>, revoke access first.
    /// </summary>
    int CloseAllFor(string connectionOwner);

    /// <summary>
    /// Every (session, owner) pair with at least one connection open now, so their access can be re-checked against the
    /// store from time to time (a lost revocation message must not leave a kernel socket open).
    /// </summary>
    IReadOnlyList<(string SessionId, string ConnectionOwner)> Open();
}
