using Sandbox.NotebookProxy.Headers;

namespace Sandbox.NotebookProxy.Tests.Headers;

public sealed class HeaderRulesTests
{
    [Theory]
    [InlineData("Connection")]
    [InlineData("keep-alive")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("Proxy-Authorization")]
    [InlineData("proxy-anything")]
    [InlineData("Authorization")]
    [InlineData("X-Forwarded-For")]
    [InlineData(":authority")]
    public void Hop_by_hop_and_credential_headers_are_dropped_from_requests(string name)
    {
        Assert.Equal(HeaderRule.Drop, HeaderRules.ForRequest(name));
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("Origin")]
    [InlineData("Content-Type")]
    [InlineData("X-XSRFToken")]
    [InlineData("Upgrade-Insecure-Requests")]
    public void Other_request_headers_are_forwarded(string name)
    {
        Assert.Equal(HeaderRule.Forward, HeaderRules.ForRequest(name));
    }

    [Fact]
    public void Cookies_are_filtered_not_dropped()
    {
        Assert.Equal(HeaderRule.FilterCookies, HeaderRules.ForRequest("cookie"));
    }

    [Theory]
    [InlineData("Origin")]
    [InlineData("Content-Length")]
    [InlineData("Authorization")]
    public void A_handshake_keeps_the_callers_origin_and_credentials_at_the_proxy(string name)
    {
        Assert.Equal(HeaderRule.Drop, HeaderRules.ForWebSocketRequest(name));
    }

    [Theory]
    [InlineData("Sec-WebSocket-Key")]
    [InlineData("Sec-WebSocket-Protocol")]
    [InlineData("Host")]
    [InlineData("User-Agent")]
    public void A_handshake_reaches_the_notebook_end_to_end(string name)
    {
        Assert.Equal(HeaderRule.Forward, HeaderRules.ForWebSocketRequest(name));
    }

    [Theory]
    [InlineData("Proxy-Authenticate", true)]
    [InlineData("proxy-upstream", true)]
    [InlineData("Set-Cookie", false)]
    public void Proxy_response_headers_stop_at_the_proxy(string name, bool dropped)
    {
        Assert.Equal(dropped, HeaderRules.IsProxyHeader(name));
    }
}
