namespace Sandbox.NotebookProxy;

/// <summary>Where one caller's requests to one session go, and on whose behalf.</summary>
/// <param name="Upstream">
/// The notebook server's origin, for example <c>http://172.18.0.5:8888</c>. Only scheme, host and port are used:
/// the notebook runs with base_url <c>/s/{sessionId}/</c>, so the request path is forwarded unchanged.
/// </param>
/// <param name="Token">The Jupyter token, sent upstream as <c>Authorization: token …</c>; the caller never sees it.</param>
/// <param name="ConnectionOwner">
/// The calling user's id. With the session id it is the key under which <see cref="INotebookConnections.CloseFor"/>
/// finds this caller's open connections.
/// </param>
public sealed record NotebookTarget(Uri Upstream, string Token, string ConnectionOwner)
{
    /// <summary>Leaves the token out, so a target written to a log does not leak it.</summary>
    public override string ToString() => $"NotebookTarget {{ Upstream = {Upstream}, ConnectionOwner = {ConnectionOwner} }}";
}
