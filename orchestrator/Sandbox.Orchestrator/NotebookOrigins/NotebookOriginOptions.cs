namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>
/// Where browsers reach notebooks (section <c>Sandbox:Proxy</c>, shared with the proxy's own settings): each session at an
/// origin of its own, <c>{scheme}://{sessionId}.{NotebookHost}/</c>, never on the portal's origin.
/// </summary>
internal sealed class NotebookOriginOptions
{
    public const string Section = "Sandbox:Proxy";

    /// <summary>
    /// The host name under which every session has its own origin, optionally with a port
    /// (<c>nb.coop.example</c>, with a wildcard DNS name and certificate for <c>*.nb.coop.example</c>). Without a port, the
    /// portal origin's port is used. Default <c>nb.localhost</c>: browsers and curl resolve every <c>*.localhost</c> name
    /// to the loopback address. Production should use a registrable domain of its own, not a subdomain of the portal's.
    /// </summary>
    public string NotebookHost { get; set; } = "nb.localhost";

    /// <summary>
    /// The portal's and API's origin as browsers see it (<c>https://coop.example</c>): where a notebook origin sends a
    /// person without a notebook cookie, and the only origin allowed to frame a notebook. Default: the first address the
    /// orchestrator listens on (<c>http://127.0.0.1:5080</c> for <c>./sandbox up</c>); set it behind a TLS-terminating proxy.
    /// </summary>
    public string? PortalOrigin { get; set; }

    /// <summary>How long a one-time hand-off code may wait to be redeemed at the notebook origin. Default 1 minute.</summary>
    public TimeSpan HandoffLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a notebook cookie lives without use; it is renewed once half of it has passed. Every request with it is also
    /// checked against the share, the member's sign-out and roles, so this bounds a stolen cookie only. Default 1 hour.
    /// </summary>
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(1);
}
