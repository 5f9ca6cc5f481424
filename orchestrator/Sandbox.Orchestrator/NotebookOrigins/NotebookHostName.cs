using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>
/// The notebook host (<c>nb.coop.example[:port]</c>) and what it says about a request's host: whether the request is
/// for a notebook origin at all, and which session's. Pure.
/// </summary>
internal sealed record NotebookHostName(string Host, int? Port)
{
    public static bool TryParse(string? value, out NotebookHostName parsed)
    {
        parsed = new NotebookHostName("", null);
        if (string.IsNullOrWhiteSpace(value) || value.Contains('/') || value.Contains('@'))
        {
            return false;
        }

        var host = HostString.FromUriComponent(value.Trim());
        if (string.IsNullOrEmpty(host.Host) || Uri.CheckHostName(host.Host) != UriHostNameType.Dns || host.Host.StartsWith('.'))
        {
            return false;
        }

        parsed = new NotebookHostName(host.Host.ToLowerInvariant(), host.Port);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="requestHost"/> is the notebook host or any name under it: such requests are answered by the
    /// notebook origins alone, never by the API, the hub or the portal. Ports are not compared (a proxy in front may use another).
    /// </summary>
    public bool Covers(HostString requestHost)
    {
        var name = requestHost.Host;
        return name.EndsWith(Host, StringComparison.OrdinalIgnoreCase)
            && (name.Length == Host.Length || name[name.Length - Host.Length - 1] == '.');
    }

    /// <summary>The session whose origin <paramref name="requestHost"/> is (<c>{id}.{host}</c>), or null.</summary>
    public string? SessionOf(HostString requestHost)
    {
        var name = requestHost.Host;
        if (name.Length != Host.Length + 17 || !Covers(requestHost))
        {
            return null;
        }

        var label = name[..16].ToLowerInvariant();
        return SessionIds.IsWellFormed(label) && string.Equals(label, name[..16], StringComparison.Ordinal) ? label : null;
    }
}
