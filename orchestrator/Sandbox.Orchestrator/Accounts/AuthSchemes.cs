using Microsoft.AspNetCore.Identity;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// How a request says who it is: a bearer token (scripts, SignalR clients) in the Authorization header, otherwise the
/// portal's cookie. One policy scheme picks per request, so every endpoint accepts both. On the hubs only, the bearer
/// token may come as the <c>access_token</c> query parameter instead, as SignalR clients send it on WebSockets and
/// server-sent events (browsers cannot set headers there); anywhere else a token in a URL is ignored, so it is not
/// invited into links, logs and browser history.
/// </summary>
internal static class AuthSchemes
{
    /// <summary>The default scheme: forwards to <see cref="Bearer"/> or <see cref="Cookie"/>.</summary>
    public const string BearerOrCookie = "sandbox";

    public static readonly string Bearer = IdentityConstants.BearerScheme;

    public static readonly string Cookie = IdentityConstants.ApplicationScheme;

    /// <summary>The portal's authentication cookie (<c>__Host-sandbox.auth</c> over HTTPS: <see cref="HostPrefixedCookieBuilder"/>).</summary>
    public const string CookieName = "sandbox.auth";

    /// <summary>
    /// The anti-forgery cookie (<c>__Host-sandbox.csrf</c> over HTTPS) and the header unsafe cookie-authenticated requests
    /// must echo its token in.
    /// </summary>
    public const string AntiforgeryCookieName = "sandbox.csrf";

    public const string AntiforgeryHeaderName = "X-CSRF-TOKEN";

    /// <summary>Whether the request carries a bearer token (then the cookie, if any, is not looked at).</summary>
    public static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where SignalR hubs are mapped: the only paths that read a bearer token from the query.</summary>
    public const string HubsPath = "/hubs";

    /// <summary>The bearer token a SignalR client sent in the query of a hub request, or null.</summary>
    public static string? HubAccessToken(HttpRequest request) =>
        request.Path.StartsWithSegments(HubsPath, StringComparison.OrdinalIgnoreCase)
        && request.Query["access_token"] is [{ Length: > 0 } token]
            ? token
            : null;

    /// <summary>
    /// The scheme that reads this request: a bearer token shaped like a JWT comes from the single-sign-on provider
    /// (when one is configured), any other bearer token is Sandbox's own.
    /// The notebook proxy's path on this origin (<see cref="ScriptsProxyPath"/>) never reads the portal's cookie: a page a
    /// notebook served there would run with the portal's credentials.
    /// </summary>
    public static string Select(HttpContext context, bool oidcConfigured) => HasBearerToken(context.Request)
        ? oidcConfigured && Oidc.JwtShape.IsBearerJwt(context.Request) ? Oidc.OidcScheme.Name : Bearer
        : HubAccessToken(context.Request) is not null || context.Request.Path.StartsWithSegments(ScriptsProxyPath, StringComparison.OrdinalIgnoreCase)
            ? Bearer
            : Cookie;

    /// <summary>Where scripts reach notebooks on this origin (<c>/s/{session}/</c>), with a bearer token only.</summary>
    public const string ScriptsProxyPath = "/s";
}
