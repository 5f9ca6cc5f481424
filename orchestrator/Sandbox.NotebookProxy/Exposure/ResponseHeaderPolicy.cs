using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sandbox.NotebookProxy.Exposure;

/// <summary>
/// What a notebook's response headers become before they reach the caller, for one <see cref="NotebookExposure"/>. Pure:
/// it only edits the header dictionary it is given (the notebook's headers, already copied), so every rule is tested
/// without a server. The notebook runs the caller's code, so every header it sends is treated as chosen by an attacker.
/// </summary>
internal sealed class ResponseHeaderPolicy
{
    public const string ScriptsOnlyContentSecurityPolicy = "sandbox; default-src 'none'; frame-ancestors 'none'";

    private const string AccessControlPrefix = "Access-Control-";

    private static readonly string[] ScriptsOnlyDropped = ["Set-Cookie", "Clear-Site-Data", "Service-Worker-Allowed", "Refresh", "Link"];

    private readonly string[] _strippedCookiePrefixes;
    private readonly string _contentSecurityPolicy;

    public ResponseHeaderPolicy(NotebookExposure exposure, IEnumerable<string> strippedCookiePrefixes, IEnumerable<string> frameAncestors)
    {
        Exposure = exposure;
        _strippedCookiePrefixes = [.. strippedCookiePrefixes];
        _contentSecurityPolicy = exposure == NotebookExposure.ScriptsOnly
            ? ScriptsOnlyContentSecurityPolicy
            : string.Join(' ', ["frame-ancestors", "'self'", .. frameAncestors.Select(o => o.Trim().TrimEnd('/'))]);
    }

    public NotebookExposure Exposure { get; }

    /// <summary>The Content-Security-Policy this exposure adds next to any the notebook sent (browsers enforce both).</summary>
    public string ContentSecurityPolicy => _contentSecurityPolicy;

    public void Apply(IHeaderDictionary headers)
    {
        // 1. No CORS grants in either mode: another site's script may not read a notebook's answers with the caller's credentials.
        RemoveAccessControlHeaders(headers);

        // 2. Headers that would act on the origin rather than on this response.
        if (Exposure == NotebookExposure.ScriptsOnly)
        {
            foreach (var name in ScriptsOnlyDropped)
            {
                headers.Remove(name);
            }
        }
        else
        {
            headers.Remove("Clear-Site-Data");
            FilterSetCookie(headers);
        }

        // 3. Ours, added after the notebook's so it cannot take them back.
        headers.Append("Content-Security-Policy", _contentSecurityPolicy);
        headers.XContentTypeOptions = "nosniff";
        if (Exposure == NotebookExposure.ScriptsOnly)
        {
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
        }
    }

    private static void RemoveAccessControlHeaders(IHeaderDictionary headers)
    {
        // Enumerated as pairs: Kestrel builds a new list for Keys on every call.
        List<string>? found = null;
        foreach (var (name, _) in headers)
        {
            if (name.StartsWith(AccessControlPrefix, StringComparison.OrdinalIgnoreCase))
            {
                (found ??= []).Add(name);
            }
        }

        if (found is not null)
        {
            foreach (var name in found)
            {
                headers.Remove(name);
            }
        }
    }

    /// <summary>
    /// Host-only cookies of the notebook's own origin pass. A Domain attribute would plant the cookie on a parent domain
    /// (cookie tossing, possibly under the portal's names), and the orchestrator's own names are never the notebook's to set.
    /// </summary>
    private void FilterSetCookie(IHeaderDictionary headers)
    {
        var cookies = headers.SetCookie;
        if (cookies.Count == 0)
        {
            return;
        }

        string[]? kept = null;
        var keptCount = 0;
        for (var i = 0; i < cookies.Count; i++)
        {
            var cookie = cookies[i]!;
            if (IsAllowed(cookie))
            {
                if (kept is not null)
                {
                    kept[keptCount] = cookie;
                }

                keptCount++;
                continue;
            }

            // The first refused cookie: from here on, build the kept list.
            if (kept is null)
            {
                kept = new string[cookies.Count];
                for (var j = 0; j < keptCount; j++)
                {
                    kept[j] = cookies[j]!;
                }
            }
        }

        if (kept is null)
        {
            return;
        }

        if (keptCount == 0)
        {
            headers.Remove("Set-Cookie");
        }
        else
        {
            headers.SetCookie = new StringValues(kept[..keptCount]);
        }
    }

    private bool IsAllowed(string setCookie)
    {
        if (SetCookieHeader.HasDomainAttribute(setCookie))
        {
            return false;
        }

        // Case-insensitive, unlike the request side: browsers read the __Host- and __Secure- prefixes case-insensitively.
        var name = SetCookieHeader.Name(setCookie);
        foreach (var prefix in _strippedCookiePrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
