using System.IO.Pipelines;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Sandbox.Runtime.Docker.Client;

namespace Sandbox.Runtime.Docker.Images;

/// <summary>
/// <see cref="IDataImageLoader"/> on the Docker engine, through Docker.DotNet: <c>POST /images/load</c> streamed from
/// the layout, or <c>POST /images/create</c> for a pull; either way the result is inspected and must carry the
/// config's digest as its id.
/// </summary>
internal sealed partial class DockerDataImageLoader(DockerEngineConnection connection, ILogger<DockerDataImageLoader> logger) : IDataImageLoader
{
    public async Task<string> LoadAsync(DataImageFiles image, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var client = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);

        // 1. The archive is written into a pipe while the engine reads it: nothing is staged twice on disk.
        var pipe = new Pipe();
        var writing = Task.Run(async () =>
        {
            try
            {
                await using var output = pipe.Writer.AsStream();
                await DockerArchiveWriter.WriteAsync(image, reference, output, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
                throw;
            }
        }, cancellationToken);

        // 2. The engine answers with progress messages; an error is one of them.
        var errors = new List<string>();
        try
        {
            await using var input = pipe.Reader.AsStream();
            await client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, input, new EngineErrors(errors), cancellationToken).ConfigureAwait(false);
            await writing.ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new RuntimeException("image_load_failed", $"The engine refused to load {reference}: {e.ResponseBody}", e);
        }
        catch (IOException e)
        {
            throw new RuntimeException("image_load_failed", $"Loading {reference} failed: {e.Message}", e);
        }

        if (errors.Count > 0)
        {
            throw new RuntimeException("image_load_failed", $"The engine could not load {reference}: {string.Join("; ", errors)}");
        }

        // 3. What the reference names now must be this image.
        var id = await InspectIdAsync(client, reference, "image_load_failed", cancellationToken).ConfigureAwait(false);
        if (id != image.ConfigDigest)
        {
            throw new RuntimeException("image_load_failed", $"After loading, {reference} is {id}, not {image.ConfigDigest}.");
        }

        Log.Loaded(logger, reference, id);
        return id;
    }

    public async Task<string> PullAsync(string reference, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var client = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);
        if (await DataImagePull.TryPullAsync(client, reference, credentials, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            throw new RuntimeException("dataset_image_unavailable", $"The engine could not pull {reference}: {failure}");
        }

        var id = await InspectIdAsync(client, reference, "dataset_image_unavailable", cancellationToken).ConfigureAwait(false);
        Log.Pulled(logger, reference, id);
        return id;
    }

    public async Task<Stream> ExportAsync(string reference, CancellationToken cancellationToken)
    {
        var client = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Streamed as the engine writes it: the caller reads the archive without it being held in memory.
            return await client.Images.SaveImageAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new RuntimeException("dataset_image_missing", $"The engine could not export {reference}: {(int)e.StatusCode} {e.ResponseBody}", e);
        }
    }

    private static async Task<string> InspectIdAsync(IDockerClient client, string reference, string reason, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.Images.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false)).ID;
        }
        catch (DockerImageNotFoundException e)
        {
            throw new RuntimeException(reason, $"The engine holds no image {reference} after handing it over.", e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Loaded data image {Reference} ({ImageId})")]
        public static partial void Loaded(ILogger logger, string reference, string imageId);

        [LoggerMessage(2, LogLevel.Information, "Pulled data image {Reference} ({ImageId})")]
        public static partial void Pulled(ILogger logger, string reference, string imageId);
    }
}
