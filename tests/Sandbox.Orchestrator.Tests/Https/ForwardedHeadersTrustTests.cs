using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sandbox.Orchestrator.Https;

namespace Sandbox.Orchestrator.Tests.Https;

/// <summary>
/// The forwarded-headers and HSTS pipeline on an in-memory server: what a request is taken to be, depending on who sent
/// the X-Forwarded-* headers.
/// </summary>
public sealed class ForwardedHeadersTrustTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.1.2.3");
    private static readonly IPAddress Stranger = IPAddress.Parse("10.9.9.9");

    private static async Task<IHost> StartAsync(Dictionary<string, string?> settings)
    {
        var host = new HostBuilder().ConfigureWebHost(web => web
            .UseTestServer()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings))
            .ConfigureServices((context, services) => services.AddSandboxHttps(context.Configuration))
            .Configure(app =>
            {
                app.UseSandboxForwardedHeaders();
                app.UseSandboxHsts();
                app.Run(c => c.Response.WriteAsync($"{c.Request.Scheme} {c.Request.Host} {c.Connection.RemoteIpAddress} {c.Request.IsHttps}"));
            }));
        return await host.StartAsync();
    }

    private static async Task<HttpContext> SendAsync(IHost host, IPAddress from)
    {
        return await host.GetTestServer().SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = from;
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("127.0.0.1:5080");
            c.Request.Path = "/";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-Host"] = "coop.example";
        });
    }

    private static async Task<string> BodyAsync(HttpContext context) => await new StreamReader(context.Response.Body).ReadToEndAsync();

    [Fact]
    public async Task A_configured_proxy_is_believed_and_the_portal_gets_hsts()
    {
        using var host = await StartAsync(new() { ["Sandbox:ForwardedHeaders:KnownProxies:0"] = Proxy.ToString() });

        var context = await SendAsync(host, Proxy);

        Assert.Equal("https coop.example 203.0.113.7 True", await BodyAsync(context));
        Assert.Equal("max-age=15552000", context.Response.Headers.StrictTransportSecurity.ToString());
    }

    [Fact]
    public async Task Anyone_else_is_not_believed_even_with_a_proxy_configured()
    {
        using var host = await StartAsync(new() { ["Sandbox:ForwardedHeaders:KnownNetworks:0"] = "10.1.2.0/24" });

        var context = await SendAsync(host, Stranger);

        Assert.Equal($"http 127.0.0.1:5080 {Stranger} False", await BodyAsync(context));
        Assert.False(context.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [Fact]
    public async Task With_no_proxy_configured_nobody_is_believed_not_even_loopback_nor_with_aspnetcores_switch_on()
    {
        // ForwardedHeaders_Enabled is what ASPNETCORE_FORWARDEDHEADERS_ENABLED=true sets: on its own it trusts every sender.
        using var host = await StartAsync(new() { ["ForwardedHeaders_Enabled"] = "true" });

        foreach (var from in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback, Proxy })
        {
            var context = await SendAsync(host, from);
            Assert.Equal($"http 127.0.0.1:5080 {from} False", await BodyAsync(context));
        }
    }

    [Fact]
    public async Task Hsts_can_cover_subdomains_when_asked()
    {
        using var host = await StartAsync(new()
        {
            ["Sandbox:ForwardedHeaders:KnownProxies:0"] = Proxy.ToString(),
            ["Sandbox:Hsts:MaxAge"] = "365.00:00:00",
            ["Sandbox:Hsts:IncludeSubDomains"] = "true",
        });

        var context = await SendAsync(host, Proxy);

        Assert.Equal("max-age=31536000; includeSubDomains", context.Response.Headers.StrictTransportSecurity.ToString());
    }
}
