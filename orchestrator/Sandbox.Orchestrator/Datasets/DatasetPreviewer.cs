using Microsoft.EntityFrameworkCore;
using Sandbox.Datasets;
using Sandbox.Datasets.Oci;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Previews a published dataset version from its data image: no notebook is launched and no engine is asked. The file
/// list comes from the catalog's manifest; rows come from the image's layer in its layout
/// (<see cref="DataLayerReader"/>), read once per process and then remembered (<see cref="DatasetPreviewCache"/>).
/// </summary>
internal sealed class DatasetPreviewer(SandboxDbContext db, DatasetLayouts layouts, DatasetCatalog catalog, DatasetPreviewCache cache)
{
    /// <summary>CSV files previewed per version, in manifest order.</summary>
    public const int MaxCsvFiles = 5;

    /// <summary>The preview, or why there is none (<see cref="DatasetPreviewRefusal"/>).</summary>
    public async Task<DatasetPreviewOutcome> PreviewAsync(string name, string version, string memberId, CancellationToken cancellationToken)
    {
        // 1. The version.
        var record = await db.DatasetVersions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.Name == name && v.Version == version, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return DatasetPreviewOutcome.Refused(DatasetPreviewRefusal.NotFound);
        }

        // 2. Its data is shown only to those who may use it (the same rule as at launch).
        if (!await catalog.IsEntitledAsync(name, memberId, cancellationToken).ConfigureAwait(false))
        {
            return DatasetPreviewOutcome.Refused(DatasetPreviewRefusal.NotEntitled);
        }

        if (record.Status != DatasetStatus.Published)
        {
            return DatasetPreviewOutcome.Refused(DatasetPreviewRefusal.NotPublished, record.Status);
        }

        if (cache.TryGet(record.Image, out var cached))
        {
            return DatasetPreviewOutcome.Of(cached);
        }

        var manifest = DatasetManifestJson.Deserialize(record.ManifestJson);
        var files = manifest?.Files ?? [];
        var csvFiles = files.Where(f => f.Path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).Take(MaxCsvFiles).ToList();

        // 3. The head of the first CSV files, read from the image's layer in its layout in one forward pass.
        var csv = new List<DatasetCsvPreview>();
        if (csvFiles.Count > 0)
        {
            var layout = await DataImageLayout.OpenAsync(layouts.FolderFor(record.Name, record.Version), cancellationToken).ConfigureAwait(false);
            if (layout is null)
            {
                return DatasetPreviewOutcome.Refused(DatasetPreviewRefusal.ImageMissing, record.Image);
            }

            await DataLayerReader.ReadAsync(layout, record.Name, csvFiles.Select(f => f.Path).ToList(), async (path, stream, token) =>
            {
                var (rows, truncated) = await DatasetPreviewCsv.ReadAsync(stream, token).ConfigureAwait(false);
                csv.Add(new DatasetCsvPreview(path, rows, truncated));
            }, cancellationToken).ConfigureAwait(false);
        }

        var preview = new DatasetPreviewView(record.Name, record.Version, files, csv);
        cache.Remember(record.Image, preview);
        return DatasetPreviewOutcome.Of(preview);
    }
}
