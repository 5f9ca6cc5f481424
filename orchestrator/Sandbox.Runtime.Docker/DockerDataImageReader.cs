using System.Formats.Tar;
using Microsoft.Extensions.Logging;
using Sandbox.Runtime.Docker.Engine;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// One never-started container made from a data image, serving its files through <c>GET /containers/{id}/archive</c>.
/// Creating it copies the image's volume content once (the engine initialises the anonymous volume), which is why
/// several files are read through one reader. Disposing removes the container and its volume, whatever happened.
/// </summary>
internal sealed partial class DockerDataImageReader(DockerEngineClient engine, string containerName, ILogger logger) : IDataImageReader
{
    private int _disposed;

    /// <inheritdoc />
    public async Task<Stream?> OpenFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException("The path must be absolute.", nameof(path));
        }

        // The archive of one path, read up to its first entry; anything but a regular file means "no such file".
        HttpResponseMessage response;
        try
        {
            response = await engine.OpenArchiveAsync(containerName, path, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException e) when (e.IsNotFound)
        {
            return null;
        }

        TarReader? reader = null;
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            reader = new TarReader(body, leaveOpen: false);
            var entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
            if (entry is null || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                response.Dispose();
                return null;
            }

            return new ContainerFileStream(entry.DataStream, entry.Length, reader, response);
        }
        catch
        {
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            response.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            // Not the caller's token: the container must go even when the read was cancelled. Its volume holds a copy
            // of the image's data, so it goes too.
            await engine.RemoveContainerAsync(containerName, removeAnonymousVolumes: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerEngineException or HttpRequestException or OperationCanceledException)
        {
            Log.ReaderLeft(logger, containerName, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not remove the image reader container {Name}: {Reason}")]
        public static partial void ReaderLeft(ILogger logger, string name, string reason);
    }
}
