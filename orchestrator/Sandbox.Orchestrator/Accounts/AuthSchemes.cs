using Microsoft.AspNetCore.Identity;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// How a request says who it is: a bearer token (scripts, SignalR clients) in the Authorization header, otherwise the
/// portal's cookie. One policy scheme picks per request, so every endpoint accepts both.
/// </summary>
internal static class AuthSchemes
{
    /// <summary>The default scheme: forwards to <see cref="Bearer"/> or <see cref="Cookie"/>.</summary>
    public const string BearerOrCookie = "sandbox";

    public static readonly string Bearer = IdentityConstants.BearerScheme;

    public static readonly string Cookie = IdentityConstants.ApplicationScheme;

    /// <summary>The portal's authentication cookie.</summary>
    public const string CookieName = "sandbox.auth";

    /// <summary>The anti-forgery cookie and the header unsafe cookie-authenticated requests must echo its token in.</summary>
    public const string AntiforgeryCookieName = "sandbox.csrf";

    public const string AntiforgeryHeaderName = "X-CSRF-TOKEN";

    /// <summary>Whether the request carries a bearer token (then the cookie, if any, is not looked at).</summary>
    public static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The scheme that reads this request: a bearer token shaped like a JWT comes from the single-sign-on provider
    /// (when one is configured), any other bearer token is Sandbox's own.
    /// </summary>
    public static string Select(HttpContext context, bool oidcConfigured) => HasBearerToken(context.Request)
        ? oidcConfigured && Oidc.JwtShape.IsBearerJwt(context.Request) ? Oidc.OidcScheme.Name : Bearer
        : Cookie;
}
