namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>An origin (<c>scheme://host[:port]</c>, no path), as browsers write it in the Origin header. Pure.</summary>
internal static class PortalOrigin
{
    public static bool TryParse(string? value, out Uri origin)
    {
        origin = null!;
        if (!Uri.TryCreate(value?.Trim().TrimEnd('/'), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return false;
        }

        origin = uri;
        return true;
    }

    /// <summary>The origin as the Origin header writes it: no trailing slash, no default port.</summary>
    public static string Serialize(Uri origin) => origin.GetLeftPart(UriPartial.Authority);
}
