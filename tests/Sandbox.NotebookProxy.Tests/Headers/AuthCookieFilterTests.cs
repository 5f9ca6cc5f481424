using Microsoft.Extensions.Primitives;
using Sandbox.NotebookProxy.Headers;

namespace Sandbox.NotebookProxy.Tests.Headers;

public sealed class AuthCookieFilterTests
{
    private readonly AuthCookieFilter _filter = new([".AspNetCore.", "sandbox."]);

    [Fact]
    public void A_header_without_orchestrator_cookies_is_passed_as_the_same_instance()
    {
        const string header = "_xsrf=2|abc; username-127-0-0-1-8888=xyz";

        var filtered = _filter.Filter(new StringValues(header));

        Assert.Same(header, filtered.ToString());
    }

    [Theory]
    [InlineData(".AspNetCore.Cookies=a; _xsrf=1", "_xsrf=1")]
    [InlineData("_xsrf=1;sandbox.antiforgery=b;  other=2", "_xsrf=1; other=2")]
    [InlineData("x=.AspNetCore.value", "x=.AspNetCore.value")]
    [InlineData("Sandbox.upper=1", "Sandbox.upper=1")]
    public void Only_cookies_whose_names_start_with_a_stripped_prefix_are_removed(string header, string expected)
    {
        Assert.Equal(expected, _filter.Filter(new StringValues(header)).ToString());
    }

    [Fact]
    public void By_default_the_orchestrators_cookies_are_removed_under_their_https_names_too()
    {
        var filter = new AuthCookieFilter(new NotebookProxyOptions().StrippedCookiePrefixes);

        var filtered = filter.Filter(new StringValues("__Host-sandbox.nb=a; _xsrf=1; __Host-sandbox.auth=b; __Host-sandbox.csrf=c; sandbox.nb=d"));

        Assert.Equal("_xsrf=1", filtered.ToString());
    }

    [Fact]
    public void Nothing_left_means_no_header()
    {
        Assert.Equal(0, _filter.Filter(new StringValues(".AspNetCore.Identity.Application=x; sandbox.s=y")).Count);
    }

    [Fact]
    public void Several_cookie_headers_become_one()
    {
        var filtered = _filter.Filter(new StringValues(["a=1", ".AspNetCore.Cookies=x; b=2"]));

        Assert.Equal("a=1; b=2", Assert.Single(filtered.ToArray()));
    }
}
