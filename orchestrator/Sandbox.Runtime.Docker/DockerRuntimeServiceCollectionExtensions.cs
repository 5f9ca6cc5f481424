using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandbox.Runtime.Docker.Client;
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
    /// Registers <see cref="ISessionRuntime"/>, <see cref="IDataImageRemover"/> and <see cref="IMemberHomes"/> on the Docker engine, and a start-up pass that puts the sessions' networks'
    /// fence in place (see <see cref="NetworkFenceAtStart"/>), sharing one
    /// engine connection, with <see cref="DockerRuntimeOptions"/> validated at start. Bind configuration with
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

        // The installation's identity is set by the host at start, once the store has it (see RuntimeInstallation).
        services.TryAddSingleton<RuntimeInstallation>();

        // Resolved when the runtime first acts: its chains are named after the installation's network stem.
        services.AddSingleton(provider => new NetworkFence(
            new IptablesClient(),
            provider.GetRequiredService<DockerSessionRuntime>().Names.NetworkStem,
            provider.GetRequiredService<ILogger<NetworkFence>>()));
        AddEngineConnection(services);
        services.AddSingleton(provider => new DockerSessionRuntime(
            provider.GetRequiredService<DockerEngineConnection>(),
            provider.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value,
            provider.GetRequiredService<RuntimeInstallation>(),
            _ => provider.GetRequiredService<NetworkFence>(),
            provider.GetRequiredService<ILogger<DockerSessionRuntime>>()));
        services.AddHostedService(provider => new NetworkFenceAtStart(
            provider.GetRequiredService<DockerSessionRuntime>(), provider.GetRequiredService<ILogger<NetworkFenceAtStart>>()));
        services.AddSingleton<ISessionRuntime>(provider => provider.GetRequiredService<DockerSessionRuntime>());
        services.AddSingleton<IDataImageRemover>(provider => new DockerDataImageRemover(
            provider.GetRequiredService<DockerEngineConnection>(),
            provider.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value,
            provider.GetRequiredService<RuntimeInstallation>()));
        services.AddSingleton<IMemberHomes>(provider => new DockerMemberHomes(
            provider.GetRequiredService<DockerEngineConnection>(),
            provider.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value,
            provider.GetRequiredService<RuntimeInstallation>()));
        return services;
    }

    /// <summary>The one engine connection (Docker.DotNet, API version negotiated) every part of the adapter shares.</summary>
    internal static void AddEngineConnection(IServiceCollection services) =>
        services.TryAddSingleton(provider => new DockerEngineConnection(
            provider.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value, provider.GetRequiredService<ILogger<DockerEngineConnection>>()));
}
