using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Runtime.Docker.Client;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// <see cref="IDataImageRemover"/> on the Docker engine (Docker.DotNet): this installation's data containers made from
/// the image first (the engine refuses to remove an image a container was made from), then the reference. Removing a
/// reference is the engine's untag: the image itself goes only with its last reference, so an image with the same
/// content that another installation loaded under its own reference stays. Obtain it through
/// <see cref="DockerRuntimeServiceCollectionExtensions.AddDockerRuntime(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{DockerRuntimeOptions}?)"/>.
/// </summary>
internal sealed class DockerDataImageRemover(DockerEngineConnection connection, DockerRuntimeOptions options, RuntimeInstallation installation) : IDataImageRemover
{
    private readonly DataContainers _dataContainers = new(connection, options, installation);

    /// <inheritdoc />
    public async Task RemoveAsync(string image, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);

        // 1. The data containers first, only this installation's (another one's keep mounting the same content).
        await _dataContainers.RemoveForImageAsync(image, cancellationToken).ConfigureAwait(false);

        // 2. The reference; never forced, so an image another reference or a container still uses is kept.
        var docker = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await docker.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Gone already.
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw new RuntimeException("image_in_use", $"The image {image} is still used: {e.ResponseBody}", e);
        }
    }
}
