using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Datasets;
using Sandbox.Datasets.Oci;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Gives versions published before data images were made in-process (built by the engine, with no layout) their OCI
/// layout, once, at start: the files are taken from the engine's image, go through the same validation and staging as
/// an upload, and must give the catalog's content digest. The engine's image stays what sessions mount (its id is the
/// old build's); the layout is what previews read and what a lost engine image is loaded again from. A version whose
/// image is gone keeps working as before without previews, and is tried again at the next start.
/// </summary>
internal sealed partial class DatasetLayoutBackfill(
    DatasetStaging staging, DatasetLayouts layouts, DataImageLayoutWriter layoutWriter, IDataImageLoader loader, IOptions<DatasetsOptions> options,
    ILogger<DatasetLayoutBackfill> logger)
{
    public async Task RunAsync(SandboxDbContext db, CancellationToken cancellationToken)
    {
        var published = await db.DatasetVersions.AsNoTracking()
            .Where(v => v.Status == DatasetStatus.Published && v.ImageRemovedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var version in published)
        {
            if (await DataImageLayout.OpenAsync(layouts.FolderFor(version.Name, version.Version), cancellationToken) is not null)
            {
                continue;
            }

            try
            {
                await RebuildAsync(version, cancellationToken);
                Log.Rebuilt(logger, version.Name, version.Version, version.Image);
            }
            catch (Exception e) when (e is RuntimeException or IOException or InvalidDataException or InvalidOperationException)
            {
                Log.NotRebuilt(logger, version.Name, version.Version, e.Message);
            }
        }
    }

    private async Task RebuildAsync(DatasetVersionRecord version, CancellationToken cancellationToken)
    {
        var archivePath = staging.NewUploadPath();
        var contextPath = staging.NewContextPath();
        var layoutPath = staging.NewLayoutPath();
        try
        {
            // 1. The files, out of the engine's image, as an upload would bring them.
            await using (var export = await loader.ExportAsync(version.Image, cancellationToken))
            await using (var archive = new FileStream(archivePath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1024 * 1024, FileOptions.Asynchronous))
            {
                if (await EngineImageArchive.ExtractDatasetAsync(export, version.Name, archive, cancellationToken) == 0)
                {
                    throw new InvalidDataException($"The image {version.Image} holds no files under /data/{version.Name}.");
                }
            }

            // 2. Validated and staged, and the same files the catalog lists.
            var settings = options.Value;
            var writer = new DatasetBuildContextWriter(new DatasetArchiveLimits { MaxTotalBytes = settings.MaxUnpackedBytes, MaxFiles = settings.MaxFiles });
            var staged = await DatasetBuildContextFile.WriteAsync(
                writer, DatasetName.Parse(version.Name).Value!, Sandbox.Datasets.DatasetVersion.Parse(version.Version).Value!, archivePath, contextPath, cancellationToken);
            if (!staged.IsSuccess)
            {
                throw new InvalidDataException($"The files of {version.Image} were refused: {staged.Error.Message}");
            }

            if (staged.Value.ContentDigest != version.ContentDigest)
            {
                throw new InvalidDataException($"The files of {version.Image} give {staged.Value.ContentDigest}, not the catalog's {version.ContentDigest}.");
            }

            // 3. The layout, moved into place.
            await layoutWriter.WriteAsync(staged.Value, new DataImageDescription(version.Title, version.Source, version.License), contextPath, layoutPath, cancellationToken);
            layouts.Adopt(layoutPath, version.Name, version.Version);
        }
        finally
        {
            DatasetStaging.Delete(archivePath);
            DatasetStaging.Delete(contextPath);
            DatasetLayouts.DeleteFolder(layoutPath);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Dataset {Name}@{Version}: its OCI layout was made from the engine's image {Image}")]
        public static partial void Rebuilt(ILogger logger, string name, string version, string image);

        [LoggerMessage(2, LogLevel.Warning, "Dataset {Name}@{Version} has no OCI layout and none could be made from the engine's image: {Message}")]
        public static partial void NotRebuilt(ILogger logger, string name, string version, string message);
    }
}
