using System.Text;
using Microsoft.Extensions.Primitives;

namespace Sandbox.NotebookProxy.Headers;

/// <summary>
/// Removes the orchestrator's own cookies (its sign-in and anti-forgery cookies) from a Cookie header, so that a notebook,
/// which runs the caller's code, never holds a credential for the orchestrator. The common case, no such cookie, returns
/// the header unchanged without allocating.
/// </summary>
internal sealed class AuthCookieFilter
{
    private readonly string[] _prefixes;

    public AuthCookieFilter(IEnumerable<string> strippedPrefixes)
    {
        _prefixes = [.. strippedPrefixes];
    }

    /// <summary>The cookies to forward, as one header value (HTTP/1.1 wants one Cookie line), or empty when none remain.</summary>
    public StringValues Filter(StringValues cookieHeaders)
    {
        if (cookieHeaders.Count == 1)
        {
            var single = cookieHeaders.ToString();
            return MentionsStrippedPrefix(single) ? Rebuild(cookieHeaders) : cookieHeaders;
        }

        return Rebuild(cookieHeaders);
    }

    private bool MentionsStrippedPrefix(string header)
    {
        foreach (var prefix in _prefixes)
        {
            if (header.Contains(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private StringValues Rebuild(StringValues cookieHeaders)
    {
        var kept = new StringBuilder();
        foreach (var header in cookieHeaders)
        {
            foreach (var range in header.AsSpan().Split(';'))
            {
                var pair = header.AsSpan()[range].Trim();
                if (pair.IsEmpty || IsStripped(pair))
                {
                    continue;
                }

                if (kept.Length > 0)
                {
                    kept.Append("; ");
                }

                kept.Append(pair);
            }
        }

        return kept.Length == 0 ? StringValues.Empty : new StringValues(kept.ToString());
    }

    private bool IsStripped(ReadOnlySpan<char> pair)
    {
        var equals = pair.IndexOf('=');
        var name = (equals < 0 ? pair : pair[..equals]).Trim();
        foreach (var prefix in _prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
