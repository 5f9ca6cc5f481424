using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>
/// The origins a browser meets: the portal's (where the API, the hub and the portal live) and one per session for its
/// notebook. Answers which one a request is for, and builds each session's notebook URL.
/// </summary>
internal sealed class SandboxOrigins
{
    private readonly NotebookHostName _notebookHost;
    private readonly Lazy<Uri> _portal;

    public SandboxOrigins(IOptions<NotebookOriginOptions> options, IConfiguration configuration)
        : this(options.Value, new Lazy<Uri>(() => ConfiguredOrListening(options.Value.PortalOrigin, configuration["urls"])))
    {
    }

    /// <summary>With a known portal origin (tests, tools).</summary>
    public SandboxOrigins(NotebookOriginOptions options, Uri portal)
        : this(options, new Lazy<Uri>(portal))
    {
    }

    private SandboxOrigins(NotebookOriginOptions options, Lazy<Uri> portal)
    {
        if (!NotebookHostName.TryParse(options.NotebookHost, out _notebookHost))
        {
            throw new ArgumentException($"'{options.NotebookHost}' is not a notebook host name.", nameof(options));
        }

        _portal = portal;
    }

    /// <summary>The portal's origin, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public Uri Portal => _portal.Value;

    /// <summary>The portal's origin as an Origin header writes it.</summary>
    public string PortalOriginText => PortalOrigin.Serialize(Portal);

    /// <summary>Whether a request with this Host is for a notebook origin (or names one that does not exist).</summary>
    public bool IsNotebookHost(HostString host) => _notebookHost.Covers(host);

    /// <summary>The session a notebook origin's Host names, or null.</summary>
    public string? SessionOf(HostString host) => _notebookHost.SessionOf(host);

    /// <summary>Whether an Origin header value is some notebook origin (the API and the hub refuse those).</summary>
    public bool IsNotebookOrigin(string origin) =>
        Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) && _notebookHost.Covers(new HostString(uri.Host));

    /// <summary>The session's notebook origin, e.g. <c>http://{id}.nb.localhost:5080</c>.</summary>
    public string OriginOf(string sessionId)
    {
        var port = _notebookHost.Port ?? (Portal.IsDefaultPort ? null : Portal.Port);
        return port is { } p
            ? $"{Portal.Scheme}://{sessionId}.{_notebookHost.Host}:{p}"
            : $"{Portal.Scheme}://{sessionId}.{_notebookHost.Host}";
    }

    /// <summary>The URL a person opens for a session's notebook: the root of its own origin.</summary>
    public string NotebookUrlOf(string sessionId) => OriginOf(sessionId) + "/";

    private static Uri ConfiguredOrListening(string? configured, string? urls)
    {
        if (configured is not null && PortalOrigin.TryParse(configured, out var origin))
        {
            return origin;
        }

        // Not configured: the first address the orchestrator listens on (ASPNETCORE_URLS or --urls), a wildcard host read
        // as loopback; Kestrel's own default otherwise.
        var address = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://localhost:5000";
        var uri = new Uri(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal));
        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }
}
