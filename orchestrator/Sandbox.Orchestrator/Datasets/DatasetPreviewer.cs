using Microsoft.EntityFrameworkCore;
using Sandbox.Datasets;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Previews a published dataset version from its data image, through <see cref="IDataImageFiles"/>: no notebook is
/// launched and nothing is left running. The file list comes from the catalog's manifest; rows come from the image,
/// read through one reader per preview and then remembered (<see cref="DatasetPreviewCache"/>).
/// </summary>
internal sealed class DatasetPreviewer(SandboxDbContext db, IDataImageFiles imageFiles, DatasetCatalog catalog, DatasetPreviewCache cache)
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

        // 3. The head of the first CSV files, all through one reader of the image.
        var csv = new List<DatasetCsvPreview>();
        if (csvFiles.Count > 0)
        {
            IDataImageReader reader;
            try
            {
                reader = await imageFiles.OpenImageAsync(record.Image, cancellationToken).ConfigureAwait(false);
            }
            catch (RuntimeException e) when (e.Reason == "dataset_image_missing")
            {
                return DatasetPreviewOutcome.Refused(DatasetPreviewRefusal.ImageMissing, record.Image);
            }

            await using (reader.ConfigureAwait(false))
            {
                foreach (var file in csvFiles)
                {
                    var stream = await reader.OpenFileAsync($"/data/{record.Name}/{file.Path}", cancellationToken).ConfigureAwait(false);
                    if (stream is null)
                    {
                        continue;
                    }

                    await using (stream.ConfigureAwait(false))
                    {
                        var (rows, truncated) = await DatasetPreviewCsv.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
                        csv.Add(new DatasetCsvPreview(file.Path, rows, truncated));
                    }
                }
            }
        }

        var preview = new DatasetPreviewView(record.Name, record.Version, files, csv);
        cache.Remember(record.Image, preview);
        return DatasetPreviewOutcome.Of(preview);
    }
}
