using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandbox.Runtime.Docker.Client;
using Sandbox.Runtime.Docker.Engine;
using Sandbox.Runtime.Docker.Fence;

namespace Sandbox.Runtime.Docker;

/// <summary>Registers the Docker adapter of the runtime ports.</summary>
public static class DockerRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the adapter with its options bound from <paramref name="section"/> (for example the
    /// <c>Runtime:Docker</c> section; durations as <c>00:00:05</c>).
    /// </summary>
    public static IServiceCollection AddDockerRuntime(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<DockerRuntimeOptions>().Bind(section);
        return services.AddDockerRuntime(configure: null);
    }

    /// <summary>
    /// Registers <see cref="ISessionRuntime"/> and <see cref="IDataImageBuilder"/> on the Docker engine, and a start-up pass that puts the sessions' networks'
    /// fence in place (see <see cref="NetworkFenceAtStart"/>), sharing one
    /// engine connection pool, with <see cref="DockerRuntimeOptions"/> validated at start. Bind configuration with
    /// <c>services.Configure&lt;DockerRuntimeOptions&gt;(section)</c> or set values in <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddDockerRuntime(this IServiceCollection services, Action<DockerRuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DockerRuntimeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<DockerRuntimeOptions>, DockerRuntimeOptionsValidator>();
        services.AddLogging();

        services.AddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value;
            return DockerEngineClient.ForSocket(settings.SocketPath, settings.EngineRequestTimeout);
        });
        // The installation's identity is set by the host at start, once the store has it (see RuntimeInstallation).
        services.TryAddSingleton<RuntimeInstallation>();

        // Resolved when the runtime first acts: its chains are named after the installation's network stem.
        services.AddSingleton(provider => new NetworkFence(
            new IptablesClient(),
            provider.GetRequiredService<DockerSessionRuntime>().Names.NetworkStem,
            provider.GetRequiredService<ILogger<NetworkFence>>()));
        services.AddSingleton(provider => new DockerEngineConnection(
            provider.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value, provider.GetRequiredService<ILogger<DockerEngineConnection>>()));
        services.AddSingleton(provider => new DockerSessionRuntime(
            provider.GetRequiredService<DockerEngineConnection>(),
            provider.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value,
            provider.GetRequiredService<RuntimeInstallation>(),
            _ => provider.GetRequiredService<NetworkFence>(),
            provider.GetRequiredService<ILogger<DockerSessionRuntime>>()));
        services.AddHostedService(provider => new NetworkFenceAtStart(
            provider.GetRequiredService<DockerSessionRuntime>(), provider.GetRequiredService<ILogger<NetworkFenceAtStart>>()));
        services.AddSingleton<ISessionRuntime>(provider => provider.GetRequiredService<DockerSessionRuntime>());
        services.AddSingleton(provider => new DockerDataImageBuilder(
            provider.GetRequiredService<DockerEngineClient>(),
            provider.GetRequiredService<DockerEngineConnection>(),
            provider.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value,
            provider.GetRequiredService<RuntimeInstallation>(),
            provider.GetRequiredService<ILogger<DockerDataImageBuilder>>()));
        services.AddSingleton<IDataImageBuilder>(provider => provider.GetRequiredService<DockerDataImageBuilder>());
        return services;
    }
}
