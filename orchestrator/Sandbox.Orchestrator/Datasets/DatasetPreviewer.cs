using Microsoft.EntityFrameworkCore;
using Sandbox.Datasets;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Previews a published dataset version from its data image, through <see cref="IDataImageFiles"/>: no notebook is
/// launched and nothing is left running. The file list comes from the catalog's manifest; rows come from the image.
/// </summary>
internal sealed class DatasetPreviewer(SandboxDbContext db, IDataImageFiles imageFiles, DatasetCatalog catalog)
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

        var manifest = DatasetManifestJson.Deserialize(record.ManifestJson);
        var files = manifest?.Files ?? [];

        // 2. The head of the first CSV files, one short-lived read each.
        var csv = new List<DatasetCsvPreview>();
        foreach (var file in files.Where(f => f.Path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).Take(MaxCsvFiles))
        {
            Stream? stream;
            try
            {
                stream = await imageFiles.OpenAsync(record.Image, $"/data/{record.Name}/{file.Path}", cancellationToken).ConfigureAwait(false);
            }
            catch (RuntimeException e) when (e.Reason == "dataset_image_missing")
            {
                return DatasetPreviewOutcome.Refused(DatasetPreviewRefusal.ImageMissing, record.Image);
            }

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

        return DatasetPreviewOutcome.Of(new DatasetPreviewView(record.Name, record.Version, files, csv));
    }
}
