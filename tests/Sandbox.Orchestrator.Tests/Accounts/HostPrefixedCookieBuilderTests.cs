using Microsoft.AspNetCore.Http;
using Sandbox.Orchestrator.Accounts;

namespace Sandbox.Orchestrator.Tests.Accounts;

public sealed class HostPrefixedCookieBuilderTests
{
    private static (HostPrefixedCookieBuilder Builder, DefaultHttpContext Request) For(string scheme)
    {
        var request = new DefaultHttpContext();
        request.Request.Scheme = scheme;
        var builder = new HostPrefixedCookieBuilder(new HttpContextAccessor { HttpContext = request }, "sandbox.auth")
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
        };
        return (builder, request);
    }

    [Fact]
    public void Over_https_the_name_is_host_prefixed_and_the_cookie_secure_host_only_at_the_root()
    {
        var (builder, request) = For("https");
        builder.Domain = "coop.example";
        builder.Path = "/api";

        var options = builder.Build(request);

        Assert.Equal("__Host-sandbox.auth", builder.Name);
        Assert.True(options.Secure);
        Assert.Null(options.Domain);
        Assert.Equal("/", options.Path);
        Assert.True(options.HttpOnly);
        Assert.Equal(SameSiteMode.Strict, options.SameSite);
    }

    [Fact]
    public void Over_http_the_plain_name_is_kept_and_the_cookie_is_not_secure()
    {
        var (builder, request) = For("http");

        var options = builder.Build(request);

        Assert.Equal("sandbox.auth", builder.Name);
        Assert.False(options.Secure);
        Assert.Equal("/", options.Path);
    }

    [Fact]
    public void A_name_set_by_a_handlers_defaults_does_not_replace_it()
    {
        var (builder, _) = For("https");
        builder.Name = ".AspNetCore.Cookies";
        Assert.Equal("__Host-sandbox.auth", builder.Name);
    }
}
