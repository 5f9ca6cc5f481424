using System.Net;
using Microsoft.AspNetCore.Http;
using Sandbox.NotebookProxy.Headers;

namespace Sandbox.NotebookProxy.Tests.Headers;

/// <summary>
/// What the rules do after the forwarder's plain copy (simulated here: every caller header added as is). The same
/// behaviour is checked end to end in HttpForwardingTests; these cover what Kestrel would not let a test send.
/// </summary>
public sealed class UpstreamRequestHeadersTests
{
    private readonly UpstreamRequestHeaders _headers = new(new AuthCookieFilter([".AspNetCore.", "sandbox."]));

    [Fact]
    public void Headers_named_in_the_callers_connection_header_are_dropped()
    {
        var context = Caller(("Connection", "keep-alive, X-Caller-Hop"), ("X-Caller-Hop", "1"), ("X-Kept", "yes"));
        using var message = CopiedPlainly(context);

        _headers.Apply(context.Request, message, "t0k", webSocket: false);

        Assert.False(message.Headers.Contains("X-Caller-Hop"));
        Assert.False(message.Headers.Contains("Connection"));
        Assert.Equal("yes", Assert.Single(message.Headers.GetValues("X-Kept")));
    }

    [Fact]
    public void Credentials_are_replaced_by_the_notebook_token_and_forwarding_headers_by_the_proxys_own()
    {
        var context = Caller(("Authorization", "Bearer caller"), ("X-Forwarded-For", "10.0.0.1"), ("X-Forwarded-Host", "forged"), ("Forwarded", "for=10.0.0.1"));
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("lab.example");
        using var message = CopiedPlainly(context);

        _headers.Apply(context.Request, message, "t0k", webSocket: false);

        Assert.Equal("token t0k", Assert.Single(message.Headers.GetValues("Authorization")));
        Assert.Equal("192.0.2.7", Assert.Single(message.Headers.GetValues("X-Forwarded-For")));
        Assert.Equal("https", Assert.Single(message.Headers.GetValues("X-Forwarded-Proto")));
        Assert.Equal("lab.example", Assert.Single(message.Headers.GetValues("X-Forwarded-Host")));
        Assert.False(message.Headers.Contains("Forwarded"));
    }

    [Fact]
    public void Several_cookie_headers_become_one_without_the_orchestrators()
    {
        var context = Caller(("Cookie", "sandbox.session=s; _xsrf=1"), ("Cookie", "theme=dark"));
        using var message = CopiedPlainly(context);

        _headers.Apply(context.Request, message, "t", webSocket: false);

        Assert.Equal("_xsrf=1; theme=dark", Assert.Single(message.Headers.GetValues("Cookie")));
    }

    [Fact]
    public void A_handshake_loses_its_origin_and_content_headers()
    {
        var context = Caller(("Origin", "https://lab.example"), ("Content-Type", "text/plain"), ("Sec-WebSocket-Protocol", "v1.kernel.websocket.jupyter.org"));
        using var message = CopiedPlainly(context);

        _headers.Apply(context.Request, message, "t", webSocket: true);

        Assert.False(message.Headers.Contains("Origin"));
        Assert.Null(message.Content?.Headers.ContentType);
        Assert.Equal("v1.kernel.websocket.jupyter.org", Assert.Single(message.Headers.GetValues("Sec-WebSocket-Protocol")));
    }

    private static HttpRequestMessage CopiedPlainly(DefaultHttpContext context)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, "http://notebook/") { Content = new ByteArrayContent([]) };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        return message;
    }

    private static DefaultHttpContext Caller(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return context;
    }
}
