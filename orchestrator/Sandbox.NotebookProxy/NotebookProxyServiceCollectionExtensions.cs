using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sandbox.NotebookProxy.Connections;
using Sandbox.NotebookProxy.Forwarding;
using Sandbox.NotebookProxy.Headers;
using Sandbox.NotebookProxy.Http;
using Sandbox.NotebookProxy.WebSockets;

namespace Sandbox.NotebookProxy;

/// <summary>Registration of the notebook proxy.</summary>
public static class NotebookProxyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the notebook proxy (on YARP's forwarder) and <see cref="INotebookConnections"/>. The host must also register an
    /// <see cref="INotebookTargetResolver"/> (any lifetime; it is resolved per request) and call <c>MapNotebookProxy</c>.
    /// Options are validated at start; bind them from configuration with
    /// <c>services.AddOptions&lt;NotebookProxyOptions&gt;().BindConfiguration("...")</c> if wanted.
    /// </summary>
    public static IServiceCollection AddNotebookProxy(this IServiceCollection services, Action<NotebookProxyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<NotebookProxyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotebookProxyOptions>, NotebookProxyOptionsValidator>());
        services.AddHttpForwarder();
        services.TryAddSingleton<ConnectionRegistry>();
        services.TryAddSingleton<INotebookConnections>(provider => provider.GetRequiredService<ConnectionRegistry>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, WebSocketsClosedAtShutdown>());
        services.TryAddSingleton<UpstreamClient>();
        services.TryAddSingleton(provider => new UpstreamRequestHeaders(
            new AuthCookieFilter(provider.GetRequiredService<IOptions<NotebookProxyOptions>>().Value.StrippedCookiePrefixes)));
        services.TryAddSingleton<OriginPolicy>();
        services.TryAddSingleton<NotebookForwarder>();
        services.AddMetrics();
        services.TryAddSingleton<Metrics.NotebookProxyMetrics>();
        return services;
    }
}
