using System.Formats.Tar;
using System.IO.Compression;

namespace Sandbox.Datasets.Oci;

/// <summary>
/// Reads dataset files straight out of a data image's layer in its layout, so previews need no engine and no
/// container. The layer is read forward once, and only until the last wanted file: its entries are sorted the way
/// the manifest lists files, so the first files of a dataset are near its start.
/// </summary>
public static class DataLayerReader
{
    /// <summary>
    /// Calls <paramref name="read"/> with each of <paramref name="paths"/> (relative to the dataset's root, as the
    /// manifest names them) found in the layer, in layer order, with a stream of its content valid during the call.
    /// </summary>
    public static async Task ReadAsync(
        DataImageLayout layout, string datasetName, IReadOnlyCollection<string> paths, Func<string, Stream, CancellationToken, Task> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(read);
        string root = DataLayerWriter.Root + datasetName + "/";
        var wanted = new HashSet<string>(paths, StringComparer.Ordinal);
        var layer = new FileStream(layout.BlobPath(layout.Layer), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        await using (layer.ConfigureAwait(false))
        {
            var tar = new TarReader(new GZipStream(layer, CompressionMode.Decompress), leaveOpen: false);
            await using (tar.ConfigureAwait(false))
            {
                while (wanted.Count > 0 && await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is TarEntry entry)
                {
                    if (entry.EntryType == TarEntryType.RegularFile && entry.Name.StartsWith(root, StringComparison.Ordinal)
                        && wanted.Remove(entry.Name[root.Length..]))
                    {
                        await read(entry.Name[root.Length..], entry.DataStream ?? Stream.Null, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }
}
