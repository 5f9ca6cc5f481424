using Microsoft.Extensions.Options;
using Sandbox.Datasets.Oci;
using Sandbox.Orchestrator.Datasets.Registry;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Makes sure a starting session's data images can be had where sessions run. The layout under the data folder is the
/// source of truth: without a registry, an image the runtime lost (an engine wiped or pruned) is loaded again from its
/// layout before the start, and the session mounts it by the layout's config digest. That is the digest the session
/// recorded, except for a version published before layouts existed, whose layout was made once from the engine's image
/// and checked against the catalog's content digest (<see cref="DatasetLayoutBackfill"/>): same files, another config.
/// With a registry nothing is done here: the runtime fetches an image pinned by digest itself, with
/// <see cref="Credentials"/>. An image that cannot be restored is left for the runtime to refuse
/// (<c>dataset_image_unavailable</c>).
/// </summary>
internal sealed partial class DatasetImageRestore(
    ISessionRuntime runtime, IDataImageLoader loader, DatasetLayouts layouts, IOptions<RegistryOptions> registry, ILogger<DatasetImageRestore> logger)
{
    /// <summary>What the runtime authenticates with when it fetches a data image from the registry, if anything.</summary>
    public RegistryCredentials? Credentials => registry.Value.Credentials;

    /// <summary>
    /// Loads each of <paramref name="datasets"/> that is not pinned by digest and that the runtime lacks from its layout.
    /// Returns the mounts to start with: a restored one carries the digest of the image loaded.
    /// </summary>
    public async Task<IReadOnlyList<DatasetMount>> RestoreMissingAsync(
        IReadOnlyList<DatasetMount> datasets, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken)
    {
        var mounts = new List<DatasetMount>(datasets.Count);
        foreach (var dataset in datasets)
        {
            mounts.Add(await RestoreAsync(dataset, progress, cancellationToken));
        }

        return mounts;
    }

    private async Task<DatasetMount> RestoreAsync(DatasetMount dataset, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken)
    {
        if (registry.Value.Enabled || dataset.IsPinned || await runtime.ImageExistsAsync(dataset.Image, cancellationToken))
        {
            return dataset;
        }

        var layout = await DataImageLayout.OpenAsync(layouts.FolderFor(dataset.Name, dataset.Version), cancellationToken);
        if (layout is null)
        {
            Log.NoLayout(logger, dataset.Name, dataset.Version);
            return dataset;
        }

        progress.Report(new RuntimeProgress(5, $"Restoring the data of dataset {dataset.Name} version {dataset.Version}"));
        try
        {
            var id = await loader.LoadAsync(new DataImageFiles(layout.Folder, layout.Config.Digest, [layout.Layer.Digest]), dataset.Image, cancellationToken);
            Log.Restored(logger, dataset.Name, dataset.Version, dataset.Image, id);
            return dataset with { Digest = id };
        }
        catch (RuntimeException e)
        {
            Log.RestoreFailed(logger, dataset.Name, dataset.Version, e.Reason, e.Message);
            return dataset;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Dataset {Name}@{Version}: the runtime lost its image and it was loaded again from its layout as {Image} ({ImageId})")]
        public static partial void Restored(ILogger logger, string name, string version, string image, string imageId);

        [LoggerMessage(2, LogLevel.Warning, "Dataset {Name}@{Version}: the runtime lost its image and no layout holds it")]
        public static partial void NoLayout(ILogger logger, string name, string version);

        [LoggerMessage(3, LogLevel.Warning, "Dataset {Name}@{Version}: loading its image again from its layout failed: {Reason}: {Message}")]
        public static partial void RestoreFailed(ILogger logger, string name, string version, string reason, string message);
    }
}
