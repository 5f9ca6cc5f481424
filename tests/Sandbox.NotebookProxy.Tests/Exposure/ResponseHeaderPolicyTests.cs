using Microsoft.AspNetCore.Http;
using Sandbox.NotebookProxy.Exposure;

namespace Sandbox.NotebookProxy.Tests.Exposure;

public sealed class ResponseHeaderPolicyTests
{
    private static readonly string[] Prefixes = new NotebookProxyOptions().StrippedCookiePrefixes.ToArray();

    [Fact]
    public void Own_origin_keeps_host_only_cookies_and_drops_domain_cookies_and_the_orchestrators_names()
    {
        var headers = Hostile();

        Policy(NotebookExposure.OwnOrigin).Apply(headers);

        Assert.Equal(new[] { "kept=1; Path=/s/; HttpOnly", "jupyter=x; path=/" }, headers.SetCookie.Select(v => v!));
    }

    [Theory]
    [InlineData("a=1; domain=example.test")]
    [InlineData("a=1;Domain=")]
    [InlineData("a=1; Path=/; DOMAIN = .example.test; Secure")]
    [InlineData("__Host-sandbox.nb=x; Path=/; Secure")]
    [InlineData("__host-SANDBOX.nb=x; Path=/; Secure")]
    [InlineData("__Secure-sandbox.nb=x")]
    [InlineData(" sandbox.nb=x")]
    [InlineData(".AspNetCore.Identity.Application=x")]
    public void Own_origin_drops_each_cookie_that_could_toss_or_shadow(string setCookie)
    {
        IHeaderDictionary headers = new HeaderDictionary { ["Set-Cookie"] = setCookie };

        Policy(NotebookExposure.OwnOrigin).Apply(headers);

        Assert.False(headers.ContainsKey("Set-Cookie"));
    }

    [Fact]
    public void Own_origin_grants_no_cors_clears_no_site_data_and_adds_its_policy_next_to_the_notebooks()
    {
        var headers = Hostile();

        Policy(NotebookExposure.OwnOrigin, "https://portal.example", "https://admin.example/").Apply(headers);

        Assert.DoesNotContain(headers.Keys, name => name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.False(headers.ContainsKey("Clear-Site-Data"));
        Assert.Equal(new[] { "default-src 'self'", "frame-ancestors 'self' https://portal.example https://admin.example" }, headers.ContentSecurityPolicy.Select(v => v!));
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
        Assert.Equal("kept", headers["X-Notebook-Own"].ToString());
        // Pages render at their own origin: links, refreshes and service workers are the notebook's business there.
        Assert.True(headers.ContainsKey("Link"));
        Assert.False(headers.ContainsKey("Cross-Origin-Resource-Policy"));
    }

    [Fact]
    public void Own_origin_without_frame_ancestors_allows_only_itself()
    {
        IHeaderDictionary headers = new HeaderDictionary();

        Policy(NotebookExposure.OwnOrigin).Apply(headers);

        Assert.Equal("frame-ancestors 'self'", headers.ContentSecurityPolicy.ToString());
    }

    [Fact]
    public void Scripts_only_drops_every_cookie_and_browser_facing_header_and_sandboxes_the_response()
    {
        var headers = Hostile();

        Policy(NotebookExposure.ScriptsOnly, "https://portal.example").Apply(headers);

        foreach (var dropped in new[] { "Set-Cookie", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "Clear-Site-Data", "Service-Worker-Allowed", "Refresh", "Link" })
        {
            Assert.False(headers.ContainsKey(dropped), dropped);
        }

        Assert.Equal(new[] { "default-src 'self'", "sandbox; default-src 'none'; frame-ancestors 'none'" }, headers.ContentSecurityPolicy.Select(v => v!));
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
        Assert.Equal("same-origin", headers["Cross-Origin-Resource-Policy"].ToString());
        Assert.Equal("kept", headers["X-Notebook-Own"].ToString());
    }

    [Fact]
    public void The_notebook_cannot_weaken_what_the_policy_sets()
    {
        IHeaderDictionary headers = new HeaderDictionary { ["X-Content-Type-Options"] = "sniff-away", ["Cross-Origin-Resource-Policy"] = "cross-origin" };

        Policy(NotebookExposure.ScriptsOnly).Apply(headers);

        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
        Assert.Equal("same-origin", headers["Cross-Origin-Resource-Policy"].ToString());
    }

    private static ResponseHeaderPolicy Policy(NotebookExposure exposure, params string[] frameAncestors) =>
        new(exposure, Prefixes, frameAncestors);

    private static IHeaderDictionary Hostile() => new HeaderDictionary
    {
        ["Set-Cookie"] = new([
            "tossed=1; Domain=example.test; Path=/",
            "__Host-sandbox.nb=forged; Path=/; Secure",
            "kept=1; Path=/s/; HttpOnly",
            "sandbox.nb=forged; Path=/",
            "jupyter=x; path=/",
        ]),
        ["Access-Control-Allow-Origin"] = "*",
        ["access-control-expose-headers"] = "X-Secret",
        ["Clear-Site-Data"] = "\"*\"",
        ["Content-Security-Policy"] = "default-src 'self'",
        ["Service-Worker-Allowed"] = "/",
        ["Refresh"] = "0; url=https://evil.example/",
        ["Link"] = "<https://evil.example/x.js>; rel=preload",
        ["X-Notebook-Own"] = "kept",
    };
}
