using Microsoft.Extensions.Logging;
using Sandbox.Runtime.Docker.Engine;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// Builds dataset images with the engine's builder (<c>POST /build</c>) and removes them with the data
/// containers the runtime made from them. Obtain it through
/// <see cref="DockerRuntimeServiceCollectionExtensions.AddDockerRuntime(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{DockerRuntimeOptions}?)"/>.
/// </summary>
public sealed partial class DockerDataImageBuilder : IDataImageBuilder
{
    private readonly DockerEngineClient _engine;
    private readonly DataContainers _dataContainers;
    private readonly ILogger<DockerDataImageBuilder> _logger;

    internal DockerDataImageBuilder(
        DockerEngineClient engine, Client.DockerEngineConnection connection, DockerRuntimeOptions options, RuntimeInstallation installation, ILogger<DockerDataImageBuilder> logger)
    {
        _engine = engine;
        _dataContainers = new DataContainers(connection, options, installation);
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<string> BuildAsync(
        string image, Stream buildContextTar, IReadOnlyDictionary<string, string> labels, IProgress<string> output, CancellationToken cancellationToken)
    {
        // An image already tagged so (a rebuild) loses its tag to the new one; remembered to be removed after.
        var previousId = await TryInspectIdAsync(image, cancellationToken).ConfigureAwait(false);
        var createdLayers = new List<string>();
        BuildOutcome outcome;
        try
        {
            outcome = await _engine.BuildImageAsync(buildContextTar, image, labels, output, createdLayers, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException e)
        {
            // Refused before building anything (an unreadable context, a bad tag): nothing to clean up.
            throw new RuntimeException("build_failed", $"The engine refused to build {image}: {e.EngineMessage}", e);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            // Cancelled or cut off mid-build: closing the connection stopped the build; its layers so far stay unless removed.
            await RemoveLayersAsync(createdLayers).ConfigureAwait(false);
            throw;
        }

        if (outcome.Succeeded)
        {
            Log.Built(_logger, image, outcome.ImageId!);
            if (previousId is not null && previousId != outcome.ImageId)
            {
                await RemoveUntaggedAsync(previousId, pruneParents: true).ConfigureAwait(false);
            }

            return outcome.ImageId!;
        }

        // The legacy builder keeps the layers of the steps that succeeded; a failed build must leave nothing.
        await RemoveLayersAsync(outcome.CreatedLayerIds).ConfigureAwait(false);
        throw new RuntimeException("build_failed", $"Building {image} failed: {outcome.Error ?? "the builder reported no image"}");
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string image, CancellationToken cancellationToken)
    {
        // 1. The data containers first: the engine refuses to remove an image a container was made from.
        await _dataContainers.RemoveForImageAsync(image, cancellationToken).ConfigureAwait(false);

        // 2. The image, with its untagged parent layers.
        try
        {
            await _engine.RemoveImageAsync(image, pruneParents: true, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException e) when (e.IsNotFound)
        {
            // Gone already.
        }
        catch (DockerEngineException e) when (e.IsConflict)
        {
            throw new RuntimeException("image_in_use", $"The image {image} is still used: {e.EngineMessage}", e);
        }
    }

    private async Task RemoveLayersAsync(IReadOnlyList<string> layerIds)
    {
        // Newest first: a layer cannot be removed while a child layer exists.
        foreach (var layerId in layerIds.Reverse())
        {
            await RemoveUntaggedAsync(layerId, pruneParents: false).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Removes an image only if no tag is left on it (a tagged one is an image someone asked for) and nothing
    /// builds on it or runs from it (the engine answers 409 then, and it stays).
    /// </summary>
    private async Task RemoveUntaggedAsync(string imageId, bool pruneParents)
    {
        try
        {
            // Not the caller's token: cleanup must happen even when the build was cancelled.
            var layer = await _engine.InspectImageAsync(imageId, CancellationToken.None).ConfigureAwait(false);
            if (layer.RepoTags is { Count: > 0 })
            {
                return;
            }

            await _engine.RemoveImageAsync(layer.Id, pruneParents, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerEngineException e) when (e.IsNotFound)
        {
            // Gone already.
        }
        catch (DockerEngineException e) when (e.IsConflict)
        {
            Log.LayerKept(_logger, imageId, e.EngineMessage);
        }
    }

    private async Task<string?> TryInspectIdAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            return (await _engine.InspectImageAsync(image, cancellationToken).ConfigureAwait(false)).Id;
        }
        catch (DockerEngineException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Built image {Image} ({ImageId})")]
        public static partial void Built(ILogger logger, string image, string imageId);

        [LoggerMessage(2, LogLevel.Information, "Kept untagged image {LayerId}: {Reason}")]
        public static partial void LayerKept(ILogger logger, string layerId, string reason);
    }
}
