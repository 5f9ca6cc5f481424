namespace Sandbox.Orchestrator.Https;

/// <summary>
/// Which reverse proxies the orchestrator believes about the client (section <c>Sandbox:ForwardedHeaders</c>). Behind a
/// TLS-terminating proxy the orchestrator sees plain HTTP from the proxy's address; the proxy's <c>X-Forwarded-For</c>,
/// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> say who the client is, which scheme it used and which host it
/// asked for. Those headers are believed only on connections from the addresses listed here: anyone else who sends them
/// is answered as what they are. Default none: forwarded headers are ignored from everyone.
/// </summary>
internal sealed class ForwardedHeadersTrustOptions
{
    public const string Section = "Sandbox:ForwardedHeaders";

    /// <summary>
    /// Addresses of the proxies whose forwarded headers are believed, one IP address each
    /// (<c>Sandbox__ForwardedHeaders__KnownProxies__0=10.0.0.5</c>). Default none.
    /// </summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>
    /// Networks of such proxies in CIDR notation (<c>Sandbox__ForwardedHeaders__KnownNetworks__0=10.0.0.0/24</c>), for a
    /// proxy tier whose addresses change. Every address in them is trusted, so keep them narrow. Default none.
    /// </summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>Whether any proxy is trusted at all.</summary>
    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
