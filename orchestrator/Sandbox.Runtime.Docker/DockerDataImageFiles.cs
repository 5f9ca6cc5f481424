using Microsoft.Extensions.Logging;
using Sandbox.Runtime.Docker.Engine;
using Sandbox.Runtime.Docker.Engine.Models;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// Reads files out of a data image: creates a container from the image without starting it (a
/// <see cref="DockerDataImageReader"/>), streams each file's single tar entry from the engine, and removes the
/// container (with its volume) when the reader is disposed. Nothing is read beyond what the caller reads.
/// </summary>
public sealed class DockerDataImageFiles : IDataImageFiles
{
    private readonly DockerEngineClient _engine;
    private readonly DockerRuntimeOptions _options;
    private readonly ILogger<DockerDataImageFiles> _logger;

    internal DockerDataImageFiles(DockerEngineClient engine, DockerRuntimeOptions options, ILogger<DockerDataImageFiles> logger)
    {
        _engine = engine;
        _options = options;
        _logger = logger;
    }

    /// <summary>The label on the short-lived containers this reader creates, so leftovers of a crash can be found.</summary>
    public string ReaderLabel => _options.LabelPrefix + "image-reader";

    /// <inheritdoc />
    public async Task<IDataImageReader> OpenImageAsync(string image, CancellationToken cancellationToken)
    {
        // A container that is never started: the engine needs one to serve an image's files.
        var name = $"{_options.DataContainerNamePrefix}reader-{Guid.NewGuid():N}";
        try
        {
            await _engine.CreateContainerAsync(
                name,
                new ContainerCreateRequest
                {
                    Image = image,
                    Labels = new Dictionary<string, string> { [ReaderLabel] = "true" },
                    NetworkDisabled = true,
                    HostConfig = new HostConfig { NetworkMode = "none", RestartPolicy = new RestartPolicy("no") },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException e) when (e.IsNotFound)
        {
            throw new RuntimeException("dataset_image_missing", $"The data image {image} is not on the engine.", e);
        }

        return new DockerDataImageReader(_engine, name, _logger);
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenAsync(string image, string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException("The path must be absolute.", nameof(path));
        }

        var reader = await OpenImageAsync(image, cancellationToken).ConfigureAwait(false);
        try
        {
            var file = await reader.OpenFileAsync(path, cancellationToken).ConfigureAwait(false);
            if (file is null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            return new ReaderOwningStream(file, reader);
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
