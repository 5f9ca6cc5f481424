using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sandbox.NotebookProxy.WebSockets;

namespace Sandbox.NotebookProxy.Tests.WebSockets;

public sealed class OriginPolicyTests
{
    private readonly OriginPolicy _policy = new(Options.Create(new NotebookProxyOptions { AllowedOrigins = { "https://portal.example/" } }));

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://lab.example", true)]
    [InlineData("HTTPS://LAB.example", true)]
    [InlineData("https://portal.example", true)]
    [InlineData("http://lab.example", false)]
    [InlineData("https://lab.example:8443", false)]
    [InlineData("https://lab.example.evil.test", false)]
    [InlineData("null", false)]
    public void Only_the_requests_own_origin_and_listed_ones_pass(string? origin, bool allowed)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("lab.example");
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        Assert.Equal(allowed, _policy.Allows(context.Request));
    }

    [Theory]
    [InlineData("GET", false, false)]
    [InlineData("HEAD", false, false)]
    [InlineData("OPTIONS", false, false)]
    [InlineData("GET", true, true)]
    [InlineData("POST", false, true)]
    [InlineData("DELETE", false, true)]
    [InlineData("PATCH", false, true)]
    public void Handshakes_and_unsafe_methods_are_checked(string method, bool webSocket, bool checkedForOrigin)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;

        Assert.Equal(checkedForOrigin, OriginPolicy.AppliesTo(context.Request, webSocket));
    }
}
