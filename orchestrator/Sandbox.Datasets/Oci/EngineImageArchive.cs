using System.Formats.Tar;
using System.IO.Compression;
using Sandbox.Datasets.Context;

namespace Sandbox.Datasets.Oci;

/// <summary>
/// Recovers a dataset's files from a data image the engine built before images were made in-process, as the engine
/// exports it (the <c>docker save</c> archive: each layer a <c>layer.tar</c>), so its OCI layout can be made once
/// through the normal path (validation, staging, <see cref="DataImageLayoutWriter"/>). Those images hold exactly one
/// filesystem layer, the files under <c>data/&lt;name&gt;/</c>; the result is checked against the catalog's content digest
/// by the caller, so anything else in the export cannot slip into a dataset.
/// </summary>
public static class EngineImageArchive
{
    /// <summary>
    /// Copies the regular files below <c>data/&lt;name&gt;/</c> of every layer in <paramref name="export"/> into
    /// <paramref name="tarGz"/> as a <c>.tar.gz</c> archive with paths relative to the dataset. Returns how many files it copied.
    /// </summary>
    public static async Task<int> ExtractDatasetAsync(Stream export, string datasetName, Stream tarGz, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(tarGz);
        string root = DataLayerWriter.Root + datasetName + "/";
        int copied = 0;
        var gzip = new GZipStream(tarGz, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            // The writer that stages uploads: it streams content of a declared length from any stream.
            var output = new BuildContextTarWriter(gzip);
            var outer = new TarReader(export, leaveOpen: true);
            await using (outer.ConfigureAwait(false))
            {
                while (await outer.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is TarEntry entry)
                {
                    if (entry.DataStream is not null && entry.Name.EndsWith("layer.tar", StringComparison.Ordinal))
                    {
                        copied += await CopyLayerAsync(entry.DataStream, root, output, gzip, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await output.FinishAsync(cancellationToken).ConfigureAwait(false);
        }

        return copied;
    }

    private static async Task<int> CopyLayerAsync(Stream layerTar, string root, BuildContextTarWriter output, Stream outputStream, CancellationToken cancellationToken)
    {
        int copied = 0;
        var layer = new TarReader(layerTar, leaveOpen: true);
        await using (layer.ConfigureAwait(false))
        {
            while (await layer.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is TarEntry file)
            {
                string name = file.Name.StartsWith("./", StringComparison.Ordinal) ? file.Name[2..] : file.Name;
                if (file.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !name.StartsWith(root, StringComparison.Ordinal))
                {
                    continue;
                }

                await output.BeginFileAsync(name[root.Length..], file.Length, cancellationToken).ConfigureAwait(false);
                if (file.DataStream is { } content)
                {
                    await content.CopyToAsync(outputStream, cancellationToken).ConfigureAwait(false);
                }

                await output.EndFileAsync(file.Length, cancellationToken).ConfigureAwait(false);
                copied++;
            }
        }

        return copied;
    }
}
