using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandbox.NotebookProxy.Connections;

namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>The proxy as a host runs it: real Kestrel on 127.0.0.1, port 0, AddNotebookProxy and MapNotebookProxy.</summary>
internal sealed class ProxyServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProxyServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public INotebookConnections Connections => _app.Services.GetRequiredService<INotebookConnections>();

    public ConnectionRegistry Registry => _app.Services.GetRequiredService<ConnectionRegistry>();

    public static Task<ProxyServer> StartAsync(INotebookTargetResolver resolver, Action<NotebookProxyOptions>? configure = null, NotebookExposure exposure = NotebookExposure.OwnOrigin) =>
        StartAsync(resolver, configure, app => app.MapNotebookProxy(exposure: exposure));

    /// <summary>A proxy whose routes <paramref name="map"/> sets up (for several mappings in one app).</summary>
    public static async Task<ProxyServer> StartAsync(INotebookTargetResolver resolver, Action<NotebookProxyOptions>? configure, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(resolver);
        builder.Services.AddNotebookProxy(configure);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ProxyServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
