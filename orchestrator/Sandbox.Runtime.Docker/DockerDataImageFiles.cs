using System.Formats.Tar;
using Microsoft.Extensions.Logging;
using Sandbox.Runtime.Docker.Engine;
using Sandbox.Runtime.Docker.Engine.Models;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// Reads a file out of a data image: creates a container from the image without starting it, streams the file's
/// single tar entry from <c>GET /containers/{id}/archive</c>, and removes the container (with its volume) when the
/// caller disposes the stream. Nothing is read beyond what the caller reads: the engine's tar stream is consumed
/// entry by entry and the connection is dropped on dispose.
/// </summary>
public sealed partial class DockerDataImageFiles : IDataImageFiles
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
    public async Task<Stream?> OpenAsync(string image, string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException("The path must be absolute.", nameof(path));
        }

        // 1. A container that is never started: the engine needs one to serve an image's files.
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

        // 2. The archive of one path, read up to the first regular file entry; anything else means "no such file".
        HttpResponseMessage? response = null;
        TarReader? reader = null;
        try
        {
            try
            {
                response = await _engine.OpenArchiveAsync(name, path, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerEngineException e) when (e.IsNotFound)
            {
                await RemoveAsync(name).ConfigureAwait(false);
                return null;
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            reader = new TarReader(body, leaveOpen: false);
            var entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
            if (entry is null || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                response.Dispose();
                await RemoveAsync(name).ConfigureAwait(false);
                return null;
            }

            return new ContainerFileStream(entry.DataStream, entry.Length, reader, response, () => RemoveAsync(name));
        }
        catch
        {
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            response?.Dispose();
            await RemoveAsync(name).ConfigureAwait(false);
            throw;
        }
    }

    private async Task RemoveAsync(string name)
    {
        try
        {
            // Not the caller's token: the container must go even when the read was cancelled. Its volume holds a copy
            // of the image's data, so it goes too.
            await _engine.RemoveContainerAsync(name, removeAnonymousVolumes: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerEngineException or HttpRequestException or OperationCanceledException)
        {
            Log.ReaderLeft(_logger, name, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not remove the image reader container {Name}: {Reason}")]
        public static partial void ReaderLeft(ILogger logger, string name, string reason);
    }
}
