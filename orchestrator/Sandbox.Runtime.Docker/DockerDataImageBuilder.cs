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

    internal DockerDataImageBuilder(DockerEngineClient engine, DockerRuntimeOptions options, ILogger<DockerDataImageBuilder> logger)
    {
        _engine = engine;
        _dataContainers = new DataContainers(engine, options, new SandboxLabels(options.LabelPrefix));
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<string> BuildAsync(
        string image, Stream buildContextTar, IReadOnlyDictionary<string, string> labels, IProgress<string> output, CancellationToken cancellationToken)
    {
        BuildOutcome outcome;
        try
        {
            outcome = await _engine.BuildImageAsync(buildContextTar, image, labels, output, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException e)
        {
            // Refused before building anything (an unreadable context, a bad tag): nothing to clean up.
            throw new RuntimeException("build_failed", $"The engine refused to build {image}: {e.EngineMessage}", e);
        }

        if (outcome.Succeeded)
        {
            Log.Built(_logger, image, outcome.ImageId!);
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
            try
            {
                // Only untagged layers: a tagged one is an image someone asked for, whatever this build did.
                var layer = await _engine.InspectImageAsync(layerId, CancellationToken.None).ConfigureAwait(false);
                if (layer.RepoTags is { Count: > 0 })
                {
                    continue;
                }

                await _engine.RemoveImageAsync(layer.Id, pruneParents: false, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DockerEngineException e) when (e.IsNotFound)
            {
                // Gone already.
            }
            catch (DockerEngineException e) when (e.IsConflict)
            {
                // Another build's image now builds on this layer: it is theirs too, so it stays.
                Log.LayerKept(_logger, layerId, e.EngineMessage);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Built image {Image} ({ImageId})")]
        public static partial void Built(ILogger logger, string image, string imageId);

        [LoggerMessage(2, LogLevel.Information, "Kept layer {LayerId} of a failed build: {Reason}")]
        public static partial void LayerKept(ILogger logger, string layerId, string reason);
    }
}
