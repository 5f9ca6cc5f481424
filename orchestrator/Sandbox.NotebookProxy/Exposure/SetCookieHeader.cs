namespace Sandbox.NotebookProxy.Exposure;

/// <summary>
/// Reads the two facts the exposure rules need from one <c>Set-Cookie</c> value (RFC 6265 section 4.1): the cookie's name,
/// and whether it carries a <c>Domain</c> attribute. Nothing else is parsed, and nothing is allocated.
/// </summary>
internal static class SetCookieHeader
{
    /// <summary>The cookie name: what precedes the first '=' of the first ';'-separated part, trimmed.</summary>
    public static ReadOnlySpan<char> Name(string setCookie)
    {
        var pair = setCookie.AsSpan();
        var semicolon = pair.IndexOf(';');
        if (semicolon >= 0)
        {
            pair = pair[..semicolon];
        }

        var equals = pair.IndexOf('=');
        return (equals < 0 ? pair : pair[..equals]).Trim();
    }

    /// <summary>
    /// Whether any attribute is named Domain (case-insensitive, as browsers read it), whatever its value: with one, the
    /// browser would also send the cookie to, and let it replace cookies of, every host under that domain.
    /// </summary>
    public static bool HasDomainAttribute(string setCookie)
    {
        var rest = setCookie.AsSpan();
        var semicolon = rest.IndexOf(';');
        if (semicolon < 0)
        {
            return false;
        }

        foreach (var range in rest[(semicolon + 1)..].Split(';'))
        {
            var attribute = rest[(semicolon + 1)..][range];
            var equals = attribute.IndexOf('=');
            var name = (equals < 0 ? attribute : attribute[..equals]).Trim();
            if (name.Equals("Domain", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
