namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// A cookie of the portal's origin whose name carries the <c>__Host-</c> prefix over HTTPS: browsers then accept it only
/// with Secure, Path=/ and no Domain, so a page on another subdomain of the portal's site (a notebook origin under it) can
/// neither plant nor overwrite it ("cookie tossing"), and a cookie without the prefix is never read over HTTPS. Over plain
/// HTTP (<c>./sandbox up</c> on loopback) browsers refuse the prefix, so the plain name is used there.
/// The cookie and anti-forgery handlers ask a builder for the name on each request, without the request in hand, so the
/// scheme is read from the current request (after the forwarded headers: the client's own scheme).
/// </summary>
internal sealed class HostPrefixedCookieBuilder : CookieBuilder
{
    public const string Prefix = "__Host-";

    private readonly IHttpContextAccessor _requests;
    private readonly string _plainName;

    public HostPrefixedCookieBuilder(IHttpContextAccessor requests, string plainName)
    {
        _requests = requests;
        _plainName = plainName;
        Path = "/";
        SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }

    /// <summary>The name for the current request: prefixed over HTTPS. Setting it is ignored (the handlers' defaults would).</summary>
    public override string? Name
    {
        get => _requests.HttpContext?.Request.IsHttps == true ? Prefix + _plainName : _plainName;
        set { }
    }

    /// <summary>Never a domain: the prefix forbids one, and a host-only cookie reaches no other host.</summary>
    public override string? Domain
    {
        get => null;
        set { }
    }

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Path = "/";
        options.Domain = null;
        options.Secure = context.Request.IsHttps;
        return options;
    }
}
