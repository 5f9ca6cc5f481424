using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandbox.Runtime.Docker.Client;

namespace Sandbox.Runtime.Docker.Images;

/// <summary>Registers <see cref="IDataImageLoader"/> on the Docker engine (Docker.DotNet, its API version negotiated).</summary>
public static class DockerDataImagesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the loader on the engine that <see cref="DockerRuntimeOptions"/> names, sharing the adapter's engine
    /// connection when <see cref="DockerRuntimeServiceCollectionExtensions.AddDockerRuntime(IServiceCollection, Action{DockerRuntimeOptions}?)"/>
    /// registered it.
    /// </summary>
    public static IServiceCollection AddDockerDataImages(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DockerRuntimeOptions>();
        services.AddLogging();
        DockerRuntimeServiceCollectionExtensions.AddEngineConnection(services);
        services.AddSingleton<IDataImageLoader>(provider => new DockerDataImageLoader(
            provider.GetRequiredService<DockerEngineConnection>(), provider.GetRequiredService<ILogger<DockerDataImageLoader>>()));
        return services;
    }
}
