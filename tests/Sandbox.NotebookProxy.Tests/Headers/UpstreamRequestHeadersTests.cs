using System.Net;
using Microsoft.AspNetCore.Http;
using Sandbox.NotebookProxy.Headers;

namespace Sandbox.NotebookProxy.Tests.Headers;

public sealed class UpstreamRequestHeadersTests
{
    private readonly UpstreamRequestHeaders _headers = new(new AuthCookieFilter([".AspNetCore.", "sandbox."]));

    [Fact]
    public void Headers_named_in_the_callers_connection_header_are_dropped()
    {
        var context = Caller(("Connection", "keep-alive, X-Caller-Hop"), ("X-Caller-Hop", "1"), ("X-Kept", "yes"));
        using var message = new HttpRequestMessage(HttpMethod.Get, "http://notebook/");

        _headers.CopyTo(context.Request, message, "t0k");

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
        using var message = new HttpRequestMessage(HttpMethod.Get, "http://notebook/");

        _headers.CopyTo(context.Request, message, "t0k");

        Assert.Equal("token t0k", Assert.Single(message.Headers.GetValues("Authorization")));
        Assert.Equal("192.0.2.7", Assert.Single(message.Headers.GetValues("X-Forwarded-For")));
        Assert.Equal("https", Assert.Single(message.Headers.GetValues("X-Forwarded-Proto")));
        Assert.Equal("lab.example", Assert.Single(message.Headers.GetValues("X-Forwarded-Host")));
        Assert.False(message.Headers.Contains("Forwarded"));
    }

    [Fact]
    public void Content_headers_go_with_the_body_and_are_dropped_without_one()
    {
        var withBody = Caller(("Content-Type", "application/json"), ("Content-Length", "2"));
        using var post = new HttpRequestMessage(HttpMethod.Post, "http://notebook/") { Content = new ByteArrayContent([]) };
        using var get = new HttpRequestMessage(HttpMethod.Get, "http://notebook/");

        _headers.CopyTo(withBody.Request, post, "t");
        _headers.CopyTo(withBody.Request, get, "t");

        Assert.Equal("application/json", post.Content.Headers.ContentType!.MediaType);
        Assert.Equal(2, post.Content.Headers.ContentLength);
        Assert.DoesNotContain(get.Headers, header => header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase));
        Assert.Null(get.Content);
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
