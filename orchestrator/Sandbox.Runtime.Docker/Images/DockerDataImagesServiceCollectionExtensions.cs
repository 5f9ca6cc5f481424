using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sandbox.Runtime.Docker.Images;

/// <summary>Registers <see cref="IDataImageLoader"/> on the Docker engine (Docker.DotNet, its API version negotiated).</summary>
public static class DockerDataImagesServiceCollectionExtensions
{
    /// <summary>Adds the loader on the engine at <see cref="DockerRuntimeOptions.SocketPath"/>.</summary>
    public static IServiceCollection AddDockerDataImages(this IServiceCollection services)
    {
        services.AddSingleton(provider => new EngineClients(provider.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value.SocketPath));
        services.AddSingleton<IDataImageLoader>(provider => new DockerDataImageLoader(
            provider.GetRequiredService<EngineClients>(), provider.GetRequiredService<ILogger<DockerDataImageLoader>>()));
        return services;
    }
}
